#!/usr/bin/python3
"""Saves a torchvision or timm model's pretrained weights as a state dict for TraumaFlow's encoders.

Usage: export_state_dict.py MODEL OUT

MODEL  resnet18 | resnet34 | efficientnet_v2_s: torchvision's ImageNet weights ("DEFAULT");
       timm:NAME: timm's weights (timm installed), e.g. timm:resnet34.a1_in1k or
       timm:tf_efficientnetv2_s.in21k_ft_in1k.
OUT    FILE.pt or FILE.pth (torch.save of the state dict) or FILE.safetensors.

Run it where the internet is (torchvision and timm download the weights), then copy OUT to where
training runs and name it as a model's `pretrained:` in a training spec (`export_encoder.py
--weights` takes the same file). The state dict is the library's own, classifier included:
TraumaFlow maps torchvision's and timm's names to its encoders and skips the classifier.
"""
import argparse
import json
import struct
import sys

import torch

TORCHVISION = ["resnet18", "resnet34", "efficientnet_v2_s"]

# Each dtype's safetensors name, and an integer type of its size to take its bytes through numpy
# (which has no bfloat16).
SAFETENSORS_DTYPES = {
    torch.float32: ("F32", torch.int32),
    torch.float16: ("F16", torch.int16),
    torch.bfloat16: ("BF16", torch.int16),
    torch.float64: ("F64", torch.int64),
    torch.int64: ("I64", torch.int64),
}


def save_safetensors(state_dict, path):
    """Writes the safetensors format without the safetensors package (which may not be installed):
    an 8-byte little-endian header length, a JSON header of each tensor's dtype, shape and byte
    offsets, then every tensor's little-endian bytes in C order."""
    header, chunks, offset = {}, [], 0
    for name, tensor in state_dict.items():
        dtype, same_size = SAFETENSORS_DTYPES[tensor.dtype]
        values = tensor.detach().cpu().contiguous().view(same_size).numpy()
        data = values.astype(values.dtype.newbyteorder("<"), copy=False).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for chunk in chunks:
            out.write(chunk)


def save(state_dict, path):
    """Saves as safetensors or with torch.save, by the file's extension."""
    if path.endswith(".safetensors"):
        save_safetensors(state_dict, path)
    else:
        torch.save(state_dict, path)


def pretrained(model):
    if model.startswith("timm:"):
        import timm

        name = model[len("timm:"):]
        if name.startswith("tf_"):
            print("note: timm's tf_ models pad stride-2 convolutions as TensorFlow does; TraumaFlow's encoders pad them as "
                  "torchvision does, so their features differ a little from timm's until fine-tuning adapts them", file=sys.stderr)
        return timm.create_model(name, pretrained=True).state_dict()
    import torchvision

    return torchvision.models.get_model(model, weights="DEFAULT").state_dict()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model", help=" | ".join(TORCHVISION) + " | timm:NAME")
    parser.add_argument("out", help="FILE.pt, FILE.pth or FILE.safetensors")
    args = parser.parse_args()
    if args.model not in TORCHVISION and not args.model.startswith("timm:"):
        parser.error("model must be one of " + ", ".join(TORCHVISION) + " or timm:NAME")
    save(pretrained(args.model), args.out)


if __name__ == "__main__":
    main()
