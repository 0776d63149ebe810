#!/usr/bin/python3
"""Times METHOD.md's preprocessing of one series in Python, for `traumaflow bench preprocess-cpu`.

Usage: reference_preprocess.py SERIES_FOLDER REPEATS

Reads every file of the folder with pydicom, decodes the pixels with pydicom's own RLE
handler, applies rescale slope / intercept, and makes both windowed variants and the stage-1
input as the method's code does:
- "ours": soft-tissue window (level 50, width 400) to uint8, truncated;
- "theo": clipped to the file's own WindowCenter / WindowWidth, then each slice's own
  min..max stretched onto 0..255 (truncated), inverted for MONOCHROME1;
- stage 1: every 2nd slice, soft-tissue window to [0, 1] float32, cv2.resize to 128 x 128
  with INTER_LINEAR.
Slices are sorted by ImagePositionPatient z. Two untimed warm-ups, then REPEATS runs timed in
process CPU seconds (time.process_time), single-threaded. Prints one JSON object: the slices,
the median seconds (the upper one of an even count, as the Java side takes it), and what the
benchmark compares with its own result: the SHA-256 of the "ours" and "theo" volumes' bytes
and the sum of the stage-1 input.
"""
import os

# Before numpy and cv2 load: their thread pools must be single-threaded like the side it is compared with.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import hashlib
import json
import sys
import time

import cv2
import numpy as np
import pydicom
import pydicom.config
from pydicom.pixel_data_handlers import rle_handler

SOFT_TISSUE_LOW = -150.0
SOFT_TISSUE_HIGH = 250.0
STAGE1_SIZE = 128
STAGE1_STEP = 2


def read_hu(files):
    """The series' HU volume (float64, slices sorted by z) and its first file's header."""
    datasets = [pydicom.dcmread(f) for f in files]
    datasets.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    hu = np.stack([d.pixel_array.astype(np.float64) * float(d.RescaleSlope) + float(d.RescaleIntercept) for d in datasets])
    return hu, datasets[0]


def ours(hu):
    return ((np.clip(hu, SOFT_TISSUE_LOW, SOFT_TISSUE_HIGH) - SOFT_TISSUE_LOW) / (SOFT_TISSUE_HIGH - SOFT_TISSUE_LOW) * 255).astype(np.uint8)


def first_value(value):
    return float(value[0]) if isinstance(value, pydicom.multival.MultiValue) else float(value)


def theo(hu, lead):
    center = first_value(lead.WindowCenter)
    width = first_value(lead.WindowWidth)
    clipped = np.clip(hu, center - width / 2, center + width / 2)
    out = np.empty(hu.shape, dtype=np.uint8)
    for s, image in enumerate(clipped):
        low, high = image.min(), image.max()
        out[s] = ((image - low) / (high - low) * 255).astype(np.uint8) if high > low else 0
    if lead.PhotometricInterpretation == "MONOCHROME1":
        out = 255 - out
    return out


def stage1(hu):
    unit = np.clip((hu[::STAGE1_STEP] - SOFT_TISSUE_LOW) / (SOFT_TISSUE_HIGH - SOFT_TISSUE_LOW), 0, 1).astype(np.float32)
    return np.stack([cv2.resize(image, (STAGE1_SIZE, STAGE1_SIZE), interpolation=cv2.INTER_LINEAR) for image in unit])


def prepare(files):
    hu, lead = read_hu(files)
    return ours(hu), theo(hu, lead), stage1(hu)


def main():
    folder = sys.argv[1]
    repeats = int(sys.argv[2])
    cv2.setNumThreads(1)
    # GDCM's handler comes first when installed: the reference is pydicom's own RLE decoder.
    pydicom.config.pixel_data_handlers = [rle_handler]
    files = sorted(os.path.join(folder, name) for name in os.listdir(folder))
    for _ in range(2):
        prepare(files)
    seconds = []
    for _ in range(repeats):
        start = time.process_time()
        volume, file_window, stage1_input = prepare(files)
        seconds.append(time.process_time() - start)
    print(json.dumps({
        "slices": int(volume.shape[0]),
        "median_seconds": sorted(seconds)[len(seconds) // 2],
        "ours_sha256": hashlib.sha256(np.ascontiguousarray(volume).tobytes()).hexdigest(),
        "theo_sha256": hashlib.sha256(np.ascontiguousarray(file_window).tobytes()).hexdigest(),
        "stage1_sum": float(stage1_input.astype(np.float64).sum()),
    }))


if __name__ == "__main__":
    main()
