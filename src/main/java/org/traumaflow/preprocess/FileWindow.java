package org.traumaflow.preprocess;

import org.traumaflow.dicom.DisplayWindow;

/**
 * The method's "theo" preprocessing of one slice: clip HU to the file's own WindowCenter /
 * WindowWidth, stretch the slice's own minimum..maximum onto 0..255 (truncating), and invert
 * MONOCHROME1 images so that bright means dense everywhere. Files without a window fall back to
 * the soft-tissue window. One instance per thread: each slice refills its lookup table.
 */
public final class FileWindow {
  private final double low;
  private final double high;
  private final boolean invert;
  /** Refilled for each slice over its own HU range. */
  private final Uint8Table table = Uint8Table.forRanges();

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
    if (count == 0) {
      return;
    }
    int lowestHu = Integer.MAX_VALUE;
    int highestHu = Integer.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      lowestHu = Math.min(lowestHu, hu[from + i]);
      highestHu = Math.max(highestHu, hu[from + i]);
    }
    // Clipping keeps order, so the clipped slice's extremes are those of its raw values clipped.
    double min = clip(lowestHu);
    double range = clip(highestHu) - min;
    table.fill(lowestHu, highestHu, value -> {
      int stretched = range > 0 ? (int) ((clip(value) - min) / range * 255) : 0;
      return invert ? 255 - stretched : stretched;
    });
    table.apply(hu, from, out, to, count);
  }

  private double clip(int hu) {
    return hu < low ? low : hu > high ? high : hu;
  }
}
