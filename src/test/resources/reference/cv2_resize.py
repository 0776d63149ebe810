#!/usr/bin/python3
"""cv2.resize(INTER_LINEAR) of a float32 image, the resize the method's code used.

Usage: cv2_resize.py IN.raw ROWS COLUMNS OUT_ROWS OUT_COLUMNS OUT.raw (float32 little-endian).
"""
import sys

import numpy as np

try:
    import cv2
except ImportError:
    sys.exit("python3-opencv is required (apt-get install python3-opencv)")

rows, columns, out_rows, out_columns = (int(v) for v in sys.argv[2:6])
image = np.fromfile(sys.argv[1], dtype="<f4").reshape(rows, columns)
resized = cv2.resize(image, (out_columns, out_rows), interpolation=cv2.INTER_LINEAR)
resized.astype("<f4").tofile(sys.argv[6])
