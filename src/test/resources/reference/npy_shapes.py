#!/usr/bin/python3
"""Loads every .npy under a folder with numpy; prints {relative path: [shape, dtype, min, max]} as JSON."""
import json
import os
import sys

import numpy as np

root = sys.argv[1]
out = {}
for folder, _, names in os.walk(root):
    for name in names:
        if name.endswith(".npy"):
            path = os.path.join(folder, name)
            array = np.load(path)
            out[os.path.relpath(path, root)] = [list(array.shape), array.dtype.str, float(array.min()), float(array.max())]
print(json.dumps(out))
