#!/usr/bin/python3
"""PyTorch's own speed on a TorchScript stage-2 member, for `traumaflow bench model`.

Usage: torchscript_member_bench.py OUT_DIR SIZE REPEATS

Builds a member with the contract TraumaFlow loads (float32 (B, 32, 3, S, S) in [0, 1] ->
(B, 32, 10) logits): torchvision's ResNet-18 per slice triplet (random weights), a
bidirectional GRU, a linear head; traces it to OUT_DIR/member.pt with a seeded uint8 window in
OUT_DIR/images.npy; then times REPEATS forward passes on one intra-op thread (after one warm-up)
and prints {"seconds": [...], "torch": version} as JSON.
"""
import json
import os
import sys
import time

import numpy as np
import torch
import torchvision
from torch import nn


class Member(nn.Module):
    def __init__(self):
        super().__init__()
        encoder = torchvision.models.resnet18()
        encoder.fc = nn.Identity()
        self.encoder = encoder
        self.gru = nn.GRU(512, 128, batch_first=True, bidirectional=True)
        self.head = nn.Linear(256, 10)

    def forward(self, x):
        b, t = x.shape[0], x.shape[1]
        features = self.encoder(x.flatten(0, 1)).reshape(b, t, -1)
        states, _ = self.gru(features)
        return self.head(states)


def main():
    out, size, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(1)
    torch.manual_seed(11)
    member = Member().eval()
    images = np.random.default_rng(5).integers(0, 256, size=(1, 32, 3, size, size), dtype=np.uint8)
    x = torch.from_numpy(images).float() / 255
    with torch.no_grad():
        traced = torch.jit.trace(member, x)
        traced.save(os.path.join(out, "member.pt"))
        np.save(os.path.join(out, "images.npy"), images)
        traced(x)
        seconds = []
        for _ in range(repeats):
            start = time.perf_counter()
            traced(torch.from_numpy(images).float() / 255)
            seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds": seconds, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
