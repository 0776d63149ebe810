package org.traumaflow.sequence;

import java.util.HashMap;
import java.util.Map;
import org.traumaflow.preprocess.Bilinear;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.CropBox;

/**
 * Slices of one windowed volume cropped to the study's box and resized to {@code size x size}
 * with cv2's {@code INTER_LINEAR} geometry ({@link Bilinear}), on demand: only the slices the
 * windows select are resized, and each of them once, however many windows or steps use it (the
 * last window overlaps the one before it; a resampled short series repeats slices).
 *
 * <p>The method's code resized float images (uint8 / 255) and fed the floats to the model; a
 * {@link SequenceSample} keeps uint8, so the resized value is rounded to the nearest integer,
 * within 0.5 / 255 of what the code computed.
 *
 * <p>Not thread-safe: one instance per series and variant.
 */
public final class CroppedSlices {
  private final WindowedVolume volume;
  private final CropBox.PixelBox box;
  private final int size;
  private final float[] resized;
  private final Map<Integer, Copy> firstCopies = new HashMap<>();

  /** Where a slice was first written, so later uses copy it instead of resizing again. */
  private record Copy(byte[] array, int offset) {}

  public CroppedSlices(WindowedVolume volume, CropBox crop, int size) {
    this.volume = volume;
    this.box = crop.toPixels(volume.rows(), volume.columns());
    this.size = size;
    this.resized = new float[size * size];
  }

  /** Writes slice {@code slice}, cropped and resized, as {@code size * size} bytes at {@code out[offset]}. */
  public void copyInto(int slice, byte[] out, int offset) {
    if (slice < 0 || slice >= volume.slices()) {
      throw new IndexOutOfBoundsException("slice " + slice + " of " + volume.slices());
    }
    Copy first = firstCopies.get(slice);
    if (first != null) {
      System.arraycopy(first.array(), first.offset(), out, offset, size * size);
      return;
    }
    byte[] voxels = volume.voxels();
    int columns = volume.columns();
    int base = slice * volume.rows() * columns + box.row0() * columns + box.col0();
    Bilinear.resize((r, c) -> voxels[base + r * columns + c] & 0xFF, box.rows(), box.columns(), resized, 0, size, size);
    for (int i = 0; i < resized.length; i++) {
      out[offset + i] = (byte) Math.min(255, Math.max(0, Math.round(resized[i])));
    }
    firstCopies.put(slice, new Copy(out, offset));
  }

  /** How many distinct slices have been resized so far. */
  public int resizedSlices() {
    return firstCopies.size();
  }
}
