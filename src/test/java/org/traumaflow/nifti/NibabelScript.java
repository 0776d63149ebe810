package org.traumaflow.nifti;

/**
 * A Python script for Debian's interpreter that prints, for each NIfTI file given, nibabel's
 * affine (3 rows, 12 values) on one line, then the shape and a position-weighted voxel checksum
 * (sum of value x (index mod 1009 + 1), voxels in file order) on the next. Exits 3 with the
 * Debian packages to install when nibabel or numpy is missing.
 */
public final class NibabelScript {
  public static final String TEXT = String.join("\n",
      "import sys",
      "try:",
      "    import nibabel, numpy",
      "except ImportError as e:",
      "    print('nibabel/numpy missing: install Debian python3-nibabel python3-numpy: %s' % e)",
      "    sys.exit(3)",
      "for name in sys.argv[1:]:",
      "    img = nibabel.load(name)",
      "    data = numpy.asanyarray(img.dataobj).ravel(order='F').astype(numpy.int64)",
      "    weights = numpy.arange(data.size, dtype=numpy.int64) % 1009 + 1",
      "    print(' '.join(repr(float(v)) for v in img.affine[:3].ravel()))",
      "    print(' '.join(str(v) for v in img.shape), int((data * weights).sum()))");

  private NibabelScript() {}
}
