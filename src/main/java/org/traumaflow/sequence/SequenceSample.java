package org.traumaflow.sequence;

import java.util.Arrays;
import org.traumaflow.label.SliceTarget;

/**
 * One stage-2 training or inference element: a window of {@link #STEPS} slice triplets of one
 * series in one preprocessing variant, cropped and resized, with its per-step soft targets and
 * the organ masks the auxiliary heads learn from.
 *
 * <p>Layouts, all row-major: {@code images[step][channel][row][col]} uint8 (0..255, the model
 * divides by 255), {@code targets[step][SliceTarget.ordinal()]} in 0..1,
 * {@code masks[step][MaskOrgan.ordinal()][row][col]} 0 or 1 at {@code maskSize x maskSize}.
 * The arrays are taken without copying.
 *
 * @param patientId the patient
 * @param seriesId the series
 * @param variant the preprocessing variant ("ours" or "theo")
 * @param window index of this window among the series' windows
 * @param size height and width of every slice
 * @param sourceSlices the {@code STEPS * CHANNELS} full-resolution slice indices (assembled order) the channels came from
 * @param images {@code STEPS * CHANNELS * size * size} bytes
 * @param targets {@code STEPS * SliceTarget.COUNT} soft labels (zeros at inference)
 * @param maskSize height and width of the aux masks
 * @param masks {@code STEPS * MaskOrgan.COUNT * maskSize * maskSize} bytes (zeros when no masks are known)
 */
public record SequenceSample(
    int patientId,
    String seriesId,
    String variant,
    int window,
    int size,
    int[] sourceSlices,
    byte[] images,
    float[] targets,
    int maskSize,
    byte[] masks) {

  public static final int STEPS = 32;
  public static final int CHANNELS = 3;

  /** The organs of the auxiliary masks, in the order of their channels. */
  public enum MaskOrgan {
    LIVER,
    SPLEEN,
    KIDNEY,
    BOWEL;

    public static final int COUNT = values().length;
  }

  public SequenceSample {
    require(sourceSlices.length == STEPS * CHANNELS, "source slices", sourceSlices.length, STEPS * CHANNELS);
    require(images.length == (long) STEPS * CHANNELS * size * size, "image bytes", images.length, (long) STEPS * CHANNELS * size * size);
    require(targets.length == STEPS * SliceTarget.COUNT, "targets", targets.length, STEPS * SliceTarget.COUNT);
    require(masks.length == (long) STEPS * MaskOrgan.COUNT * maskSize * maskSize, "mask bytes", masks.length, (long) STEPS * MaskOrgan.COUNT * maskSize * maskSize);
  }

  private static void require(boolean ok, String what, long got, long expected) {
    if (!ok) {
      throw new IllegalArgumentException("a sequence sample needs " + expected + " " + what + ", got " + got);
    }
  }

  /** The soft target of {@code target} at {@code step}. */
  public float target(int step, SliceTarget target) {
    return targets[step * SliceTarget.COUNT + target.ordinal()];
  }

  /** "patient/series", the key the pipelines group a series' elements by. */
  public String seriesKey() {
    return patientId + "/" + seriesId;
  }

  /** "patient/series variant window N": names this window in messages. */
  public String id() {
    return seriesKey() + " " + variant + " window " + window;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SequenceSample s
        && s.patientId == patientId && s.seriesId.equals(seriesId) && s.variant.equals(variant) && s.window == window
        && s.size == size && s.maskSize == maskSize && Arrays.equals(s.sourceSlices, sourceSlices)
        && Arrays.equals(s.images, images) && Arrays.equals(s.targets, targets) && Arrays.equals(s.masks, masks);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * seriesKey().hashCode() + variant.hashCode()) + window;
  }

  @Override
  public String toString() {
    return "SequenceSample[" + id() + ", " + size + "px]";
  }
}
