#!/usr/bin/python3
"""Prints a DICOM file's element tree as pydicom reads it: {tag: null | [item trees]}.

Usage: pydicom_structure.py FILE. Tags are 8 upper-case hex digits; Pixel Data is left out
(its value is compared elsewhere); sequences list their items' trees, so a reader's handling
of nesting, undefined lengths and private sequences can be compared element by element.
"""
import json
import sys

import pydicom


def tree(dataset):
    out = {}
    for element in dataset:
        if element.tag == 0x7FE00010:
            continue
        key = "%08X" % element.tag
        if element.VR == "SQ":
            out[key] = [tree(item) for item in element.value]
        else:
            out[key] = None
    return out


ds = pydicom.dcmread(sys.argv[1], force=True)
print(json.dumps({"meta": tree(ds.file_meta) if hasattr(ds, "file_meta") else {}, "dataset": tree(ds)}, sort_keys=True))
