#!/usr/bin/python3
"""Exports a torchvision or timm encoder as TorchScript for TraumaFlow's stage-2 models.

Usage: export_encoder.py --arch NAME --out encoder.pt [--size S] [--pretrained | --weights FILE]

NAME   resnet18 | resnet34 | efficientnet_v2_s: torchvision's model;
       timm:NAME: any timm model (timm installed), e.g. timm:coat_lite_medium or
       timm:coat_lite_small (the encoders of the 1st-place team), timm:tf_efficientnetv2_s.
--size S       the slice size the spec trains at (a multiple of 32; default 384): the export is
               checked at it, and CoaT, whose patch grid is fixed, is built for it.
--pretrained   the library's ImageNet weights (downloaded: run it where the internet is).
--weights FILE a state dict of the model (e.g. from scripts/export_state_dict.py).
Without either, the weights are the library's random initialisation.

The module's contract (what org.traumaflow.model.ScriptedEncoder loads):
input float32 (N, 3, S, S) in [0, 1] (S a multiple of 32; no mean/std normalisation, as the
method feeds pixels / 255), output a tuple (map16, map32, pooled): the feature maps at strides
16 and 32, (N, C16, S/16, S/16) and (N, C32, S/32, S/32), and a global average, (N, F):
of the last map after EfficientNet's head convolution for torchvision's, of map32 for timm's.

The module is scripted, not traced, so that batch norm follows train() and eval() when DJL
fine-tunes it. CoaT cannot be scripted with its feature maps (timm returns them only when not
scripting) and is traced instead; it has layer norms, no batch norm, so nothing is lost. A timm
model that fails to script is traced too, with a note: its batch norms then keep their running
statistics while the rest fine-tunes.
"""
import argparse
import sys

import torch
from torch import nn

TORCHVISION = ["resnet18", "resnet34", "efficientnet_v2_s"]


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


class FeatureTaps(nn.Module):
    """A timm features_only model's last maps at strides 16 and 32."""

    def __init__(self, net, at16, at32):
        super().__init__()
        self.net = net
        self.at16 = at16
        self.at32 = at32

    def forward(self, x):
        maps = self.net(x)
        return maps[self.at16], maps[self.at32], maps[self.at32].mean(dim=(2, 3))


class CoatTaps(nn.Module):
    """CoaT's serial-block outputs at strides 16 and 32, without their class tokens."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        maps = self.net(x)
        return maps["x3_nocls"], maps["x4_nocls"], maps["x4_nocls"].mean(dim=(2, 3))


def torchvision_taps(arch, weights, pretrained=False):
    import torchvision

    net = getattr(torchvision.models, arch)(weights="DEFAULT" if pretrained else None)
    if weights:
        net.load_state_dict(torch.load(weights, map_location="cpu"))
    return ResNetTaps(net) if arch.startswith("resnet") else EfficientNetTaps(net)


def timm_taps(name, size, weights, pretrained):
    """timm's NAME as the contract's taps, and whether it can be scripted."""
    try:
        import timm
    except ImportError:
        sys.exit("timm:" + name + " needs timm (pip install timm), which is not installed here")
    options = {"pretrained": pretrained or weights is not None}
    if weights:
        # timm's own loading, with the model's filter (CoaT drops its classifier's norms).
        options["pretrained_cfg_overlay"] = {"file": weights}
    if name.startswith("coat"):
        # timm refuses features_only for CoaT; its forward returns these maps instead.
        net = timm.create_model(name, img_size=size, return_interm_layers=True, out_features=["x3_nocls", "x4_nocls"], **options)
        return CoatTaps(net), False
    net = timm.create_model(name, features_only=True, **options)
    reductions = net.feature_info.reduction()
    if 16 not in reductions or 32 not in reductions:
        sys.exit("timm:" + name + " has no feature maps at strides 16 and 32 (its strides: " + str(reductions) + ")")
    last = len(reductions) - 1
    return FeatureTaps(net, last - reductions[::-1].index(16), last - reductions[::-1].index(32)), True


def export(taps, scriptable, size):
    """The taps as TorchScript: scripted when it can be, else traced in eval mode at size S."""
    if scriptable:
        try:
            return torch.jit.script(taps)
        except Exception as e:  # TorchScript's errors have no common type
            print("note: cannot script it (" + str(e).splitlines()[0] + "); tracing it instead: its batch norms keep their "
                  "running statistics while fine-tuning", file=sys.stderr)
    return torch.jit.trace(taps.eval(), torch.rand(1, 3, size, size))


def check(module, size):
    """Refuses a module that breaks the contract now, rather than when a training spec names it."""
    with torch.no_grad():
        out = module.eval()(torch.rand(2, 3, size, size))
    module.train()
    shapes = [tuple(t.shape) for t in out] if isinstance(out, tuple) else [tuple(out.shape)]
    # None: any number of channels or features.
    expected = [(2, None, size // 16, size // 16), (2, None, size // 32, size // 32), (2, None)]

    def fits(shape, wanted):
        return len(shape) == len(wanted) and all(w is None or w == s for s, w in zip(shape, wanted))

    if len(shapes) != 3 or not all(fits(s, w) for s, w in zip(shapes, expected)):
        sys.exit("the export breaks the encoder contract at " + str(size) + " px: outputs " + str(shapes) + ", expected " + str(expected))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--arch", required=True, help=" | ".join(TORCHVISION) + " | timm:NAME")
    parser.add_argument("--out", required=True)
    parser.add_argument("--size", type=int, default=384)
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument("--pretrained", action="store_true")
    weights.add_argument("--weights")
    args = parser.parse_args()
    if args.size < 32 or args.size % 32:
        parser.error("--size must be a multiple of 32")
    if args.arch.startswith("timm:"):
        taps, scriptable = timm_taps(args.arch[len("timm:"):], args.size, args.weights, args.pretrained)
    elif args.arch in TORCHVISION:
        taps, scriptable = torchvision_taps(args.arch, args.weights, args.pretrained), True
    else:
        parser.error("--arch must be one of " + ", ".join(TORCHVISION) + " or timm:NAME")
    module = export(taps, scriptable, args.size)
    check(module, args.size)
    module.save(args.out)


if __name__ == "__main__":
    main()
