#!/usr/bin/python3
"""The rows the method's code takes when it resamples a short series to STEP rows:
row int(x * n) for x in np.arange(0, 1, 1 / STEP), evaluated by numpy in float64.

Usage: arange_resample.py STEP N1,N2,...  Prints {"N": [rows...]} as JSON.
"""
import json
import sys

import numpy as np

step = int(sys.argv[1])
out = {}
for n in (int(v) for v in sys.argv[2].split(",")):
    out[str(n)] = [int(x * n) for x in np.arange(0, 1, 1 / step)]
print(json.dumps(out))
