#!/usr/bin/python3
"""Loads a .npy with numpy and prints its dtype, shape and the sum of its values as JSON."""
import json
import sys

import numpy as np

array = np.load(sys.argv[1])
print(json.dumps({"dtype": array.dtype.str, "shape": list(array.shape), "sum": float(array.astype(np.float64).sum()),
                  "first": float(array.flat[0]), "last": float(array.flat[-1])}))
