#!/usr/bin/python3
"""Writes the engine self-check's known answers (src/main/resources/org/traumaflow/engine/known-answers.json).

Each case is a small block of the kinds the models are made of: a 2D or 3D convolution followed by
training-mode batch norm and ReLU, and a one-layer GRU. Inputs, weights and the upstream gradient
are fixed formulas (value i = scale * sin(a * i + b), rounded to float32), so Java rebuilds them
bit for bit without a file of numbers. The answers come from Debian's PyTorch in float64 with
oneDNN switched off: an independent reference, not the engine under test.

For every output and gradient the file keeps its sum, the sum of absolute values and a weighted
sum (weights cos(0.7 i)); a kernel that skips or garbles a region changes the weighted sum.

    /usr/bin/python3 scripts/engine-known-answers.py > src/main/resources/org/traumaflow/engine/known-answers.json
"""
import json
import math

import numpy as np
import torch

torch.backends.mkldnn.enabled = False


def formula(shape, scale, a, b, offset=0.0):
    n = int(np.prod(shape))
    values = (offset + scale * np.sin(a * np.arange(n, dtype=np.float64) + b)).astype(np.float32)
    return torch.from_numpy(values.reshape(shape)).double()


def summary(tensor):
    values = tensor.detach().double().reshape(-1).numpy()
    weights = np.cos(0.7 * np.arange(values.size, dtype=np.float64))
    return {"sum": float(values.sum()), "abs_sum": float(np.abs(values).sum()), "weighted_sum": float((values * weights).sum())}


def conv_bn_relu(name, x_shape, channels, kernel, stride):
    dims = len(x_shape) - 2
    x = formula(x_shape, 1.0, 0.37, 0.1).requires_grad_()
    w = formula((channels, x_shape[1]) + (kernel,) * dims, 0.2, 0.53, 0.7).requires_grad_()
    gamma = formula((channels,), 0.1, 0.91, 0.2, offset=1.0).requires_grad_()
    beta = formula((channels,), 0.1, 1.3, 0.5).requires_grad_()
    conv = torch.nn.functional.conv2d if dims == 2 else torch.nn.functional.conv3d
    y = conv(x, w, None, stride, kernel // 2)
    y = torch.nn.functional.batch_norm(y, torch.zeros(channels, dtype=torch.float64), torch.ones(channels, dtype=torch.float64),
                                       gamma, beta, training=True, momentum=0.1, eps=1e-5)
    y = torch.relu(y)
    g = formula(tuple(y.shape), 1.0, 0.29, 0.3)
    (y * g).sum().backward()
    return {
        "name": name,
        "kind": "conv_bn_relu",
        "input": list(x_shape),
        "channels": channels,
        "kernel": kernel,
        "stride": stride,
        "values": {"output": summary(y), "input_gradient": summary(x.grad), "weight_gradient": summary(w.grad),
                   "gamma_gradient": summary(gamma.grad), "beta_gradient": summary(beta.grad)},
    }


def gru(name, batch, steps, features, hidden):
    x = formula((batch, steps, features), 1.0, 0.37, 0.1).requires_grad_()
    w_ih = formula((3 * hidden, features), 0.3, 0.53, 0.7).requires_grad_()
    w_hh = formula((3 * hidden, hidden), 0.3, 0.61, 0.9).requires_grad_()
    b_ih = formula((3 * hidden,), 0.1, 0.91, 0.2).requires_grad_()
    b_hh = formula((3 * hidden,), 0.1, 1.3, 0.5).requires_grad_()
    h0 = torch.zeros(1, batch, hidden, dtype=torch.float64)
    y, _ = torch._VF.gru(x, h0, [w_ih, w_hh, b_ih, b_hh], True, 1, 0.0, True, False, True)
    g = formula(tuple(y.shape), 1.0, 0.29, 0.3)
    (y * g).sum().backward()
    return {
        "name": name,
        "kind": "gru",
        "input": [batch, steps, features],
        "hidden": hidden,
        "values": {"output": summary(y), "input_gradient": summary(x.grad), "input_weight_gradient": summary(w_ih.grad),
                   "hidden_weight_gradient": summary(w_hh.grad), "input_bias_gradient": summary(b_ih.grad),
                   "hidden_bias_gradient": summary(b_hh.grad)},
    }


cases = [
    # channel counts that are not multiples of 8 or 16: oneDNN pads them inside its blocked layouts
    conv_bn_relu("conv2d 12->5 3x3 + batch norm + ReLU", (2, 12, 16, 16), 5, 3, 1),
    conv_bn_relu("conv3d 4->6 3x3x3 + batch norm + ReLU", (2, 4, 4, 6, 6), 6, 3, 1),
    conv_bn_relu("conv3d 1->8 7x7x7 stride 2 + batch norm + ReLU", (2, 1, 8, 16, 16), 8, 7, 2),
    gru("GRU 6->4, 5 steps", 2, 5, 6, 4),
]
print(json.dumps({
    "reference": "PyTorch " + torch.__version__ + " (Debian), float64, oneDNN off; scripts/engine-known-answers.py",
    "relative_tolerance": 1e-4,
    "cases": cases,
}, indent=2))
