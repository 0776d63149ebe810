#!/usr/bin/python3
"""Loads a .npy with numpy; prints its dtype, shape, the sum of each item along the first axis,
and the sums of item 0 along the second axis, as JSON.
"""
import json
import sys

import numpy as np

array = np.load(sys.argv[1]).astype(np.float64)
print(json.dumps({"dtype": np.load(sys.argv[1], mmap_mode="r").dtype.str, "shape": list(array.shape),
                  "item_sums": [float(item.sum()) for item in array],
                  "first_item_sums": [float(part.sum()) for part in array[0]]}))
