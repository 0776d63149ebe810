#!/usr/bin/python3
"""cv2.resize of a float32 image: INTER_LINEAR (the method's image resize) or INTER_NEAREST
(albumentations' mask resize in the method's code).

Usage: cv2_resize.py IN.raw ROWS COLUMNS OUT_ROWS OUT_COLUMNS OUT.raw [linear|nearest]
(float32 little-endian; linear by default).
"""
import sys

import numpy as np

try:
    import cv2
except ImportError:
    sys.exit("python3-opencv is required (apt-get install python3-opencv)")

rows, columns, out_rows, out_columns = (int(v) for v in sys.argv[2:6])
interpolation = {"linear": cv2.INTER_LINEAR, "nearest": cv2.INTER_NEAREST}[sys.argv[7] if len(sys.argv) > 7 else "linear"]
image = np.fromfile(sys.argv[1], dtype="<f4").reshape(rows, columns)
resized = cv2.resize(image, (out_columns, out_rows), interpolation=interpolation)
resized.astype("<f4").tofile(sys.argv[6])
