#!/usr/bin/python3
"""Reference for `traumaflow inspect`, computed with pydicom (Debian's python3-pydicom).

Usage: pydicom_inspect.py PATH [--raw OUT]

PATH is one file or a folder holding one series. Prints the same JSON fields as
`traumaflow inspect`; with --raw, also writes the HU volume as little-endian int16.

The steps follow what pydicom and the method's reference code do, written independently of
TraumaFlow's Java code:
- pixel values from `pixel_array`; bits above BitsStored are then shifted out, arithmetically
  for signed pixels, using the header's BitsStored and PixelRepresentation (pydicom 3's
  `correct_unused_bits`, which Debian's pydicom 2.x lacks);
- the modality LUT (RescaleSlope/Intercept), rounded half to even, clipped to int16;
- slices ordered by their position along the slice normal, InstanceNumber as tie-break,
  InstanceNumber alone when positions are missing.
"""
import hashlib
import json
import os
import sys

import numpy as np
import pydicom

try:  # pydicom 2.x uses GDCM for JPEG lossless / J2K when present; fail loudly if not.
    import gdcm  # noqa: F401
except ImportError:
    sys.exit("python3-gdcm is required (apt-get install python3-gdcm)")


def files_of(path):
    if os.path.isfile(path):
        return [path]
    out = []
    for root, _, names in os.walk(path):
        out += [os.path.join(root, n) for n in names if not n.startswith(".")]
    return sorted(out)


def corrected(declared, arr):
    stored, allocated, representation = declared
    if stored >= allocated:
        return arr.astype(np.int64)
    if representation == 1:
        signed = arr.astype(np.int64)
        shift = 64 - stored
        return (signed << shift) >> shift
    return arr.astype(np.int64) & ((1 << stored) - 1)


def to_hu(ds, arr):
    slope = float(ds.get("RescaleSlope", 1) or 1)
    intercept = float(ds.get("RescaleIntercept", 0) or 0)
    hu = np.rint(arr.astype(np.float64) * slope + intercept)
    return np.clip(hu, -32768, 32767).astype("<i2")


def main():
    path = sys.argv[1]
    raw_out = sys.argv[sys.argv.index("--raw") + 1] if "--raw" in sys.argv else None
    datasets = [pydicom.dcmread(f) for f in files_of(path)]
    ref = datasets[0]
    orientation = [float(v) for v in ref.get("ImageOrientationPatient", [1, 0, 0, 0, 1, 0])]
    normal = np.cross(orientation[:3], orientation[3:])
    positioned = all("ImagePositionPatient" in d for d in datasets)

    def key(d):
        number = d.get("InstanceNumber")
        number = int(number) if number is not None and str(number) != "" else 2**31
        if positioned:
            return (float(np.dot([float(v) for v in d.ImagePositionPatient], normal)), number)
        return (0.0, number)

    datasets.sort(key=key)
    slices = []
    syntaxes = set()
    for d in datasets:
        syntaxes.add(str(d.file_meta.TransferSyntaxUID))
        # Read before decoding: pydicom 2.x's J2K handler rewrites these from the codestream,
        # pydicom 3 decodes by the header's values.
        declared = (int(d.BitsStored), int(d.BitsAllocated), int(d.PixelRepresentation))
        arr = d.pixel_array
        frames = int(d.get("NumberOfFrames", 1) or 1)
        arr = arr.reshape((frames, int(d.Rows), int(d.Columns)))
        hu = to_hu(d, corrected(declared, arr))
        slices.extend(list(hu))
    volume = np.stack(slices).astype("<i2")
    if positioned and len(datasets) > 1:
        z = np.array([key(d)[0] for d in datasets])
        slice_spacing = float(np.median(np.diff(z)))
    else:
        slice_spacing = 0.0
    if raw_out:
        volume.tofile(raw_out)
    spacing = [float(v) for v in ref.get("PixelSpacing", [1, 1])]
    print(json.dumps({
        "series_instance_uid": str(ref.get("SeriesInstanceUID", "")),
        "transfer_syntaxes": sorted(syntaxes),
        "slices": int(volume.shape[0]),
        "rows": int(volume.shape[1]),
        "columns": int(volume.shape[2]),
        "pixel_spacing": spacing,
        "slice_spacing": slice_spacing,
        "hu_min": int(volume.min()),
        "hu_max": int(volume.max()),
        "hu_mean": float(volume.astype(np.float64).mean()),
        "hu_sha256": hashlib.sha256(volume.tobytes()).hexdigest(),
    }))


if __name__ == "__main__":
    main()
