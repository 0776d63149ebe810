package org.traumaflow.synth;

import java.util.Arrays;

/**
 * One axial slice being painted: noise-free HU, the organ label and the injury finding at every
 * pixel, on a grid whose rows run toward the patient's back (+y) and columns toward the patient's
 * left (+x), as in every axial CT slice (ImageOrientationPatient 1\0\0\0\1\0). Pixel (r, c) sits
 * at {@code (x0 + c * dx, y0 + r * dy, z)}. The canvas is reused from slice to slice.
 */
final class SliceCanvas {
  final int rows;
  final int cols;
  final double x0;
  final double y0;
  /** Column spacing (along x). */
  final double dx;
  /** Row spacing (along y). */
  final double dy;
  /** Half the slice thickness: small lesions show on every slice whose slab they touch. */
  final double halfThickness;
  final float[] hu;
  final byte[] label;
  final byte[] finding;
  // Scratch for painting tubes as unions of segments.
  final float[] scratchDistance;
  final short[] scratchSegment;
  final int[] scratchStamp;
  private int stamp;
  double z;

  SliceCanvas(int rows, int cols, double x0, double y0, double dx, double dy, double halfThickness) {
    this.rows = rows;
    this.cols = cols;
    this.x0 = x0;
    this.y0 = y0;
    this.dx = dx;
    this.dy = dy;
    this.halfThickness = halfThickness;
    int n = rows * cols;
    hu = new float[n];
    label = new byte[n];
    finding = new byte[n];
    scratchDistance = new float[n];
    scratchSegment = new short[n];
    scratchStamp = new int[n];
  }

  /** Starts a new slice at z: all air, no labels. */
  void reset(double sliceZ) {
    z = sliceZ;
    Arrays.fill(hu, Tissue.AIR);
    Arrays.fill(label, (byte) 0);
    Arrays.fill(finding, (byte) 0);
  }

  double x(int c) {
    return x0 + c * dx;
  }

  double y(int r) {
    return y0 + r * dy;
  }

  int colFrom(double minX) {
    return Math.max(0, (int) Math.ceil((minX - x0) / dx));
  }

  int colTo(double maxX) {
    return Math.min(cols - 1, (int) Math.floor((maxX - x0) / dx));
  }

  int rowFrom(double minY) {
    return Math.max(0, (int) Math.ceil((minY - y0) / dy));
  }

  int rowTo(double maxY) {
    return Math.min(rows - 1, (int) Math.floor((maxY - y0) / dy));
  }

  /** Paints normal tissue: it hides whatever finding was below. */
  void set(int index, float value, byte organ) {
    hu[index] = value;
    label[index] = organ;
    finding[index] = 0;
  }

  /** Paints an injury finding; the organ label stays as painted below. */
  void setFinding(int index, float value, Finding f) {
    hu[index] = value;
    finding[index] = f.code();
  }

  /** A fresh stamp, so scratch entries from earlier passes read as unset without clearing. */
  int nextStamp() {
    if (++stamp == Integer.MAX_VALUE) {
      Arrays.fill(scratchStamp, 0);
      stamp = 1;
    }
    return stamp;
  }
}
