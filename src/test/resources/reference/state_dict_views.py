#!/usr/bin/python3
"""Tensors the way a state dict may hold them, saved in both formats, with their values.

Usage: state_dict_views.py OUT_DIR

OUT_DIR/views.pt: torch.save of the dict: views of one storage (transposed, strided with an
offset, a row range), half, bfloat16 and double tensors, an int64 scalar like a batch norm's
num_batches_tracked, a float scalar and an empty tensor.
OUT_DIR/views.safetensors: the same dict through scripts/export_state_dict.py's writer.
OUT_DIR/NAME.npy: each tensor's values as float32 in C order, as torch converts them.
"""
import collections
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "scripts"))
import export_state_dict  # noqa: E402


def main():
    out = sys.argv[1]
    torch.manual_seed(11)
    base = torch.randn(3, 4, 5)
    special = torch.tensor([0.0, -0.0, 1e-7, -3e-6, 6.5e4, float("inf"), -float("inf"), 1.0 / 3.0])
    tensors = collections.OrderedDict(
        transposed=base.permute(2, 0, 1),
        strided=base[1:, ::2, 1:4],
        rows=base.view(-1)[13:33].view(4, 5),
        half=torch.cat([special, torch.randn(8)]).half().view(2, 8),
        bfloat16=torch.cat([special, torch.randn(8)]).bfloat16().view(4, 4),
        double=torch.randn(2, 3, dtype=torch.float64),
        num_batches_tracked=torch.tensor(123456, dtype=torch.int64),
        scalar=torch.tensor(0.25),
        empty=torch.zeros(0, 3),
    )
    torch.save(tensors, os.path.join(out, "views.pt"))
    export_state_dict.save(tensors, os.path.join(out, "views.safetensors"))
    for name, tensor in tensors.items():
        np.save(os.path.join(out, name + ".npy"), tensor.float().contiguous().numpy())


if __name__ == "__main__":
    main()
