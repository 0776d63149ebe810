package org.traumaflow.dicom;

/**
 * The modality LUT of a CT image: HU = stored x slope + intercept, rounded half to even (as
 * numpy's rint) and clamped to int16.
 */
public record ModalityLut(double slope, double intercept) {

  public static ModalityLut of(DicomFile file) throws MalformedDicomException {
    double slope = file.dataset().decimal(Tag.RESCALE_SLOPE).orElse(1.0);
    double intercept = file.dataset().decimal(Tag.RESCALE_INTERCEPT).orElse(0.0);
    if (slope == 0 || Math.abs(slope) > 1e6 || Math.abs(intercept) > 1e6) {
      throw new MalformedDicomException(file.source(), "implausible rescale slope " + slope + " / intercept " + intercept);
    }
    return new ModalityLut(slope, intercept);
  }

  /** Writes {@code count} HU values for {@code stored} into {@code out} from {@code offset}. */
  public void apply(int[] stored, int count, short[] out, int offset) {
    if (slope == 1 && intercept == Math.rint(intercept)) {
      int shift = (int) intercept;
      for (int i = 0; i < count; i++) {
        out[offset + i] = clamp(stored[i] + (long) shift);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      out[offset + i] = clamp((long) Math.rint(stored[i] * slope + intercept));
    }
  }

  private static short clamp(long value) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
  }
}
