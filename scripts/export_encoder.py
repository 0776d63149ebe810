#!/usr/bin/python3
"""Exports a torchvision encoder as TorchScript for TraumaFlow's stage-2 models.

Usage: export_encoder.py --arch {resnet18,resnet34,efficientnet_v2_s} --out encoder.pt
                         [--weights state_dict.pt]

The module's contract (what org.traumaflow.model.ScriptedEncoder loads):
input float32 (N, 3, S, S) in [0, 1] (S a multiple of 32; no mean/std normalisation, as the
method feeds pixels / 255), output a tuple (map16, map32, pooled): the feature maps at strides
16 and 32, (N, C16, S/16, S/16) and (N, C32, S/32, S/32), and the global average of the last
map (after EfficientNet's head convolution), (N, F).

The module is scripted, not traced, so that batch norm follows train() and eval() when DJL
fine-tunes it. --weights takes a state dict of the torchvision model (e.g. ImageNet weights
downloaded elsewhere); without it the weights are torchvision's random initialisation.
"""
import argparse

import torch
import torchvision
from torch import nn


class ResNetTaps(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.to16 = nn.Sequential(net.conv1, net.bn1, net.relu, net.maxpool, net.layer1, net.layer2, net.layer3)
        self.to32 = net.layer4

    def forward(self, x):
        map16 = self.to16(x)
        map32 = self.to32(map16)
        return map16, map32, map32.mean(dim=(2, 3))


class EfficientNetTaps(nn.Module):
    def __init__(self, net):
        super().__init__()
        features = net.features
        self.to16 = nn.Sequential(*[features[i] for i in range(6)])
        self.to32 = features[6]
        self.head = features[7]

    def forward(self, x):
        map16 = self.to16(x)
        map32 = self.to32(map16)
        return map16, map32, self.head(map32).mean(dim=(2, 3))


def encoder(arch, weights):
    net = getattr(torchvision.models, arch)()
    if weights:
        net.load_state_dict(torch.load(weights, map_location="cpu"))
    return ResNetTaps(net) if arch.startswith("resnet") else EfficientNetTaps(net)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arch", choices=["resnet18", "resnet34", "efficientnet_v2_s"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--weights")
    args = parser.parse_args()
    scripted = torch.jit.script(encoder(args.arch, args.weights))
    scripted.save(args.out)


if __name__ == "__main__":
    main()
