#!/usr/bin/python3
"""Writes a small TorchScript stage-2 member and what torch itself computes with it.

Usage: torchscript_member.py OUT_DIR SIZE OUTPUTS

OUT_DIR/member.pt: TorchScript with the member contract: float32 (B, 32, 3, SIZE, SIZE) in
[0, 1] -> (B, 32, OUTPUTS) logits (a conv encoder per step, a bidirectional GRU, a linear head).
OUT_DIR/images.npy: uint8 (2, 32, 3, SIZE, SIZE), seeded.
OUT_DIR/probabilities.npy: float32 (2, 32, OUTPUTS), sigmoid of the member's logits on images / 255.
"""
import os
import sys

import numpy as np
import torch
from torch import nn


class Member(nn.Module):
    def __init__(self, outputs):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(3, 8, 3, stride=2, padding=1), nn.BatchNorm2d(8), nn.ReLU(),
            nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten())
        self.gru = nn.GRU(16, 12, batch_first=True, bidirectional=True)
        self.head = nn.Linear(24, outputs)

    def forward(self, x):
        b, t = x.shape[0], x.shape[1]
        features = self.encoder(x.flatten(0, 1)).reshape(b, t, -1)
        states, _ = self.gru(features)
        return self.head(states)


def main():
    out, size, outputs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.manual_seed(7)
    member = Member(outputs)
    # Batch-norm statistics other than the defaults, so that eval mode is really tested.
    member.encoder[1].running_mean.uniform_(0.0, 0.2)
    member.encoder[1].running_var.uniform_(0.5, 1.5)
    member.eval()
    images = np.random.default_rng(3).integers(0, 256, size=(2, 32, 3, size, size), dtype=np.uint8)
    x = torch.from_numpy(images).float() / 255
    with torch.no_grad():
        traced = torch.jit.trace(member, x)
        probabilities = torch.sigmoid(traced(x)).numpy().astype(np.float32)
    traced.save(os.path.join(out, "member.pt"))
    np.save(os.path.join(out, "images.npy"), images)
    np.save(os.path.join(out, "probabilities.npy"), probabilities)


if __name__ == "__main__":
    main()
