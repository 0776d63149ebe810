package org.traumaflow.seg;

/**
 * One crop per study (METHOD.md, stage 1): the bounding box of the union of the liver, spleen,
 * kidney and bowel masks over all slices, kept as fractions of the image so that it can be
 * applied to slices of any size (the masks are 128 x 128, the slices it crops 512 x 512).
 * Rows and columns are half-open: {@code [row0, row1) x [col0, col1)}, with 0 the top or left
 * edge and 1 the bottom or right edge.
 *
 * @param row0 first row, as a fraction of the height
 * @param row1 end row (exclusive), as a fraction of the height
 * @param col0 first column, as a fraction of the width
 * @param col1 end column (exclusive), as a fraction of the width
 */
public record CropBox(double row0, double row1, double col0, double col1) implements java.io.Serializable {

  /** The whole image: what a study with no organ voxel is cropped to. */
  public static final CropBox WHOLE = new CropBox(0, 1, 0, 1);

  public CropBox {
    if (!(0 <= row0 && row0 < row1 && row1 <= 1 && 0 <= col0 && col0 < col1 && col1 <= 1)) {
      throw new IllegalArgumentException(
          "a crop box needs 0 <= row0 < row1 <= 1 and 0 <= col0 < col1 <= 1, got rows ["
              + row0 + ", " + row1 + "), columns [" + col0 + ", " + col1 + ")");
    }
  }

  /** The union box of every organ channel's voxels over all slices; {@link #WHOLE} when all masks are empty. */
  public static CropBox of(OrganMasks masks) {
    int height = masks.height();
    int width = masks.width();
    int minRow = height;
    int maxRow = -1;
    int minCol = width;
    int maxCol = -1;
    byte[] v = masks.voxels();
    int plane = masks.sliceVoxels();
    int planes = masks.slices() * Organ.COUNT;
    for (int p = 0; p < planes; p++) {
      int base = p * plane;
      for (int r = 0; r < height; r++) {
        int rowBase = base + r * width;
        for (int c = 0; c < width; c++) {
          if (v[rowBase + c] != 0) {
            minRow = Math.min(minRow, r);
            maxRow = Math.max(maxRow, r);
            minCol = Math.min(minCol, c);
            maxCol = Math.max(maxCol, c);
          }
        }
      }
    }
    if (maxRow < 0) {
      return WHOLE;
    }
    return new CropBox((double) minRow / height, (double) (maxRow + 1) / height, (double) minCol / width, (double) (maxCol + 1) / width);
  }

  /**
   * This box grown by {@code rows} of the height above and below and {@code columns} of the
   * width left and right, clamped at the image edge.
   */
  public CropBox widened(double rows, double columns) {
    if (!(rows >= 0 && columns >= 0)) {
      throw new IllegalArgumentException("a box widens by non-negative fractions, got " + rows + " and " + columns);
    }
    return new CropBox(Math.max(0, row0 - rows), Math.min(1, row1 + rows), Math.max(0, col0 - columns), Math.min(1, col1 + columns));
  }

  /** Whether this box is the whole image. */
  public boolean isWhole() {
    return equals(WHOLE);
  }

  /**
   * This box on an image of {@code rows x columns} pixels: the smallest pixel box that covers
   * it (start rounded down, end rounded up), so every pixel the fractional box touches is kept.
   */
  public PixelBox toPixels(int rows, int columns) {
    if (rows < 1 || columns < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + rows + " x " + columns);
    }
    int r0 = clamp((int) Math.floor(row0 * rows + 1e-9), 0, rows - 1);
    int r1 = clamp((int) Math.ceil(row1 * rows - 1e-9), r0 + 1, rows);
    int c0 = clamp((int) Math.floor(col0 * columns + 1e-9), 0, columns - 1);
    int c1 = clamp((int) Math.ceil(col1 * columns - 1e-9), c0 + 1, columns);
    return new PixelBox(r0, r1, c0, c1);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  /**
   * A crop in pixel indices, half-open: rows {@code [row0, row1)}, columns {@code [col0, col1)}.
   */
  public record PixelBox(int row0, int row1, int col0, int col1) {
    public PixelBox {
      if (row0 < 0 || row1 <= row0 || col0 < 0 || col1 <= col0) {
        throw new IllegalArgumentException("empty or negative pixel box: rows [" + row0 + ", " + row1 + "), columns [" + col0 + ", " + col1 + ")");
      }
    }

    public int rows() {
      return row1 - row0;
    }

    public int columns() {
      return col1 - col0;
    }

    public boolean contains(int row, int col) {
      return row >= row0 && row < row1 && col >= col0 && col < col1;
    }
  }
}
