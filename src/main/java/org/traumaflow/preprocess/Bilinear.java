package org.traumaflow.preprocess;

/**
 * Bilinear resampling of one image with OpenCV's {@code INTER_LINEAR} geometry (pixel
 * centres aligned: source x = (x + 0.5) * scale - 0.5, clamped at the borders), which the
 * method's code used for every resize.
 */
public final class Bilinear {
  private Bilinear() {}

  /** Resizes a rows x columns image read through {@code source} into an outRows x outColumns one. */
  public static void resize(Pixels source, int rows, int columns, float[] out, int outOffset, int outRows, int outColumns) {
    double scaleY = (double) rows / outRows;
    double scaleX = (double) columns / outColumns;
    int[] x0 = new int[outColumns];
    int[] x1 = new int[outColumns];
    float[] fx = new float[outColumns];
    for (int x = 0; x < outColumns; x++) {
      double sx = Math.max(0, (x + 0.5) * scaleX - 0.5);
      x0[x] = Math.min((int) sx, columns - 1);
      x1[x] = Math.min(x0[x] + 1, columns - 1);
      fx[x] = (float) (sx - x0[x]);
    }
    for (int y = 0; y < outRows; y++) {
      double sy = Math.max(0, (y + 0.5) * scaleY - 0.5);
      int y0 = Math.min((int) sy, rows - 1);
      int y1 = Math.min(y0 + 1, rows - 1);
      float fy = (float) (sy - y0);
      int row = outOffset + y * outColumns;
      for (int x = 0; x < outColumns; x++) {
        float top = source.at(y0, x0[x]) * (1 - fx[x]) + source.at(y0, x1[x]) * fx[x];
        float bottom = source.at(y1, x0[x]) * (1 - fx[x]) + source.at(y1, x1[x]) * fx[x];
        out[row + x] = top * (1 - fy) + bottom * fy;
      }
    }
  }

  /** Reads the value at (row, column) of the source image. */
  @FunctionalInterface
  public interface Pixels {
    float at(int row, int column);
  }
}
