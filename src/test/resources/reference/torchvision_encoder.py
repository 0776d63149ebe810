#!/usr/bin/python3
"""A torchvision encoder with weights unlike its initialisation, its state dict, and its features.

Usage: torchvision_encoder.py ARCH OUT_DIR

ARCH is resnet18, resnet34 or efficientnet_v2_s; torch's seed is fixed. Writes
OUT_DIR/ARCH.pt: the model's state dict (torch.save), classifier included;
OUT_DIR/ARCH.safetensors: the same through scripts/export_state_dict.py's writer;
OUT_DIR/input.npy: float32 (2, 3, 96, 96) in [0, 1];
OUT_DIR/map16.npy, map32.npy, pooled.npy: what scripts/export_encoder.py's taps of the model
loaded from ARCH.pt compute for the input in eval mode (the encoder contract TraumaFlow's own
encoders share).
"""
import os
import sys

import numpy as np
import torch
import torchvision

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "scripts"))
import export_encoder  # noqa: E402
import export_state_dict  # noqa: E402

SIZE = 96


def main():
    arch, out = sys.argv[1], sys.argv[2]
    torch.manual_seed(2023)
    net = getattr(torchvision.models, arch)()
    # Batch norms and biases away from their initial 1 and 0, so that each tensor must reach its
    # own place; running statistics of real activations (a cumulative average over a few batches
    # in training mode), so that eval mode keeps activations near unit scale through every block.
    # Scales up to 1 keep EfficientNet's residual streams within about 10: with scales up to 1.5
    # they reach 36, where float32 itself is off by 5e-4 (torchvision's own float32 features
    # against its float64 ones), too coarse for a 1e-4 comparison to mean anything.
    with torch.no_grad():
        for module in net.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.0)
                module.bias.uniform_(-0.2, 0.2)
                module.momentum = None
            elif isinstance(module, torch.nn.Conv2d) and module.bias is not None:
                module.bias.uniform_(-0.1, 0.1)
        net.train()
        for _ in range(3):
            net(torch.rand(4, 3, SIZE, SIZE))
    weights = os.path.join(out, arch + ".pt")
    torch.save(net.state_dict(), weights)
    export_state_dict.save(net.state_dict(), os.path.join(out, arch + ".safetensors"))
    taps = export_encoder.torchvision_taps(arch, weights).eval()
    x = torch.rand(2, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        map16, map32, pooled = taps(x)
    for name, array in [("input", x), ("map16", map16), ("map32", map32), ("pooled", pooled)]:
        np.save(os.path.join(out, name + ".npy"), array.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
