package org.traumaflow.volume;

import org.traumaflow.dicom.DisplayWindow;

/**
 * The method's "theo" preprocessing of one slice: clip HU to the file's own WindowCenter /
 * WindowWidth, stretch the slice's own minimum..maximum onto 0..255 (truncating), and invert
 * MONOCHROME1 images so that bright means dense everywhere. Files without a window fall back to
 * the soft-tissue window.
 */
public final class FileWindow {
  private final double low;
  private final double high;
  private final boolean invert;

  public FileWindow(DisplayWindow display) {
    boolean usable = Double.isFinite(display.center()) && display.width() > 0;
    double center = usable ? display.center() : SliceWindow.SOFT_TISSUE.level();
    double width = usable ? display.width() : SliceWindow.SOFT_TISSUE.width();
    this.low = center - width / 2;
    this.high = center + width / 2;
    this.invert = display.monochrome1();
  }

  /** Windows one slice of {@code count} HU values into uint8 bytes. */
  public void toUint8(short[] hu, int from, byte[] out, int to, int count) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      double v = clip(hu[from + i]);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    for (int i = 0; i < count; i++) {
      int value = range > 0 ? (int) ((clip(hu[from + i]) - min) / range * 255) : 0;
      out[to + i] = (byte) (invert ? 255 - value : value);
    }
  }

  private double clip(short hu) {
    return hu < low ? low : hu > high ? high : hu;
  }
}
