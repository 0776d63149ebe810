#!/usr/bin/python3
"""Reference for `traumaflow inspect SERIES --mask MASK`, computed with nibabel and pydicom
(Debian's python3-nibabel, python3-pydicom, and python3-gdcm for compressed pixel data).

Usage: nibabel_mask_on_dicom.py SERIES_FOLDER MASK [ROW0 ROW1 COL0 COL1]

Prints one JSON object: for every label in the mask, its voxel count in the NIfTI file as
stored ("stored") and, after the mask is put onto the DICOM series' voxel grid, the number of
DICOM voxels that carry it ("voxels") and their mean HU ("hu_mean"). Given a crop box as
fractions of the image (TraumaFlow's info.jsonl crop_box, half-open), also the voxels of each
label inside it ("in_box"); the box covers every pixel it touches (start rounded down, end up).

Written from the standards, independently of TraumaFlow's Java code:
- the DICOM voxel (row r, column c) of a slice sits at ImagePositionPatient
  + c * PixelSpacing[1] * row direction + r * PixelSpacing[0] * column direction, in LPS mm
  (PS3.3 C.7.6.2.1.1); slices are ordered along the normal of ImageOrientationPatient;
- LPS becomes NIfTI's RAS by negating x and y; nibabel's affine (sform, else qform) inverted
  gives the NIfTI voxel index, rounded to the nearest voxel; points outside the mask read 0;
- HU is pixel_array * RescaleSlope + RescaleIntercept.
"""
import json
import os
import sys

import nibabel
import numpy as np
import pydicom

try:  # pydicom 2.x decodes JPEG 2000 through GDCM; fail loudly without it.
    import gdcm  # noqa: F401
except ImportError:
    sys.exit("python3-gdcm is required (apt-get install python3-gdcm)")


def series(folder):
    datasets = [pydicom.dcmread(os.path.join(folder, n)) for n in sorted(os.listdir(folder)) if not n.startswith(".")]
    orientation = np.array(datasets[0].ImageOrientationPatient, dtype=float)
    normal = np.cross(orientation[:3], orientation[3:])
    datasets.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, dtype=float))))
    return datasets, orientation


def pixel_box(box, rows, columns):
    if box is None:
        return 0, rows, 0, columns
    row0, row1, col0, col1 = box
    return (int(np.floor(row0 * rows + 1e-9)), int(np.ceil(row1 * rows - 1e-9)),
            int(np.floor(col0 * columns + 1e-9)), int(np.ceil(col1 * columns - 1e-9)))


def main(folder, mask_file, box=None):
    datasets, orientation = series(folder)
    image = nibabel.load(mask_file)
    labels = np.rint(np.asanyarray(image.dataobj)).astype(np.int64)
    to_voxel = np.linalg.inv(image.affine)
    rows, columns = int(datasets[0].Rows), int(datasets[0].Columns)
    r, c = np.meshgrid(np.arange(rows), np.arange(columns), indexing="ij")
    r0, r1, c0, c1 = pixel_box(box, rows, columns)
    in_box = np.zeros((rows, columns), dtype=bool)
    in_box[r0:r1, c0:c1] = True
    counts, sums, boxed = {}, {}, {}
    for d in datasets:
        spacing = np.array(d.PixelSpacing, dtype=float)
        lps = (np.array(d.ImagePositionPatient, dtype=float)[:, None, None]
               + orientation[:3, None, None] * c * spacing[1]
               + orientation[3:, None, None] * r * spacing[0])
        ras = np.stack([-lps[0], -lps[1], lps[2], np.ones_like(lps[0])])
        ijk = np.rint(np.tensordot(to_voxel, ras, axes=1)[:3]).astype(np.int64)
        inside = np.all([(ijk[a] >= 0) & (ijk[a] < labels.shape[a]) for a in range(3)], axis=0)
        on_grid = np.zeros((rows, columns), dtype=np.int64)
        on_grid[inside] = labels[ijk[0][inside], ijk[1][inside], ijk[2][inside]]
        hu = d.pixel_array.astype(np.float64) * float(d.RescaleSlope) + float(d.RescaleIntercept)
        for label in np.unique(on_grid):
            if label == 0:
                continue
            where = on_grid == label
            counts[int(label)] = counts.get(int(label), 0) + int(where.sum())
            sums[int(label)] = sums.get(int(label), 0.0) + float(hu[where].sum())
            boxed[int(label)] = boxed.get(int(label), 0) + int((where & in_box).sum())
    stored = {int(v): int(n) for v, n in zip(*np.unique(labels, return_counts=True)) if v != 0}
    out = {str(label): {"stored": stored[label], "voxels": counts.get(label, 0),
                        "hu_mean": sums[label] / counts[label] if counts.get(label) else None,
                        "in_box": boxed.get(label, 0)}
           for label in sorted(stored)}
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [float(v) for v in sys.argv[3:7]] if len(sys.argv) == 7 else None)
