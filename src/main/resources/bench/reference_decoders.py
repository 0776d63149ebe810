#!/usr/bin/python3
"""Times the reference decoders on the files `traumaflow bench dicom` prepared.

Usage: reference_decoders.py MANIFEST.json REPEATS

For each case of the manifest (a list of files), decodes every file REPEATS times with
pydicom (`dcmread` + `pixel_array`, the modality LUT for the series case) and with GDCM's
Python binding (`gdcm.ImageReader` + `GetBuffer`), and prints one JSON object with the
median seconds per repeat, per case and tool. Header-only discovery uses
`dcmread(stop_before_pixels=True)`.
"""
import json
import statistics
import sys
import time

import gdcm
import numpy as np
import pydicom
from pydicom.pixel_data_handlers.util import apply_modality_lut


def pydicom_decode(files):
    for f in files:
        pydicom.dcmread(f).pixel_array


def pydicom_series(files):
    datasets = [pydicom.dcmread(f) for f in files]
    datasets.sort(key=lambda d: float(d.ImagePositionPatient[2]))
    volume = np.stack([apply_modality_lut(d.pixel_array, d) for d in datasets])
    np.rint(volume).astype(np.int16)


def pydicom_headers(files):
    for f in files:
        pydicom.dcmread(f, stop_before_pixels=True)


def gdcm_decode(files):
    for f in files:
        reader = gdcm.ImageReader()
        reader.SetFileName(f)
        if not reader.Read():
            raise RuntimeError("GDCM cannot read " + f)
        reader.GetImage().GetBuffer()


def gdcm_headers(files):
    for f in files:
        reader = gdcm.Reader()
        reader.SetFileName(f)
        if not reader.ReadUpToTag(gdcm.Tag(0x7FE0, 0x0010)):
            raise RuntimeError("GDCM cannot read " + f)


TOOLS = {
    "decode": {"pydicom": pydicom_decode, "gdcm": gdcm_decode},
    "series": {"pydicom": pydicom_series, "gdcm": gdcm_decode},
    "headers": {"pydicom": pydicom_headers, "gdcm": gdcm_headers},
}


def main():
    manifest = json.load(open(sys.argv[1]))
    repeats = int(sys.argv[2])
    out = {}
    for case in manifest["cases"]:
        kind = case["kind"]
        for tool, run in TOOLS[kind].items():
            times = []
            run(case["files"][:2])  # warm up imports and caches
            for _ in range(repeats):
                start = time.perf_counter()
                run(case["files"])
                times.append(time.perf_counter() - start)
            out.setdefault(case["name"], {})[tool] = statistics.median(times)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
