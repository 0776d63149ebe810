package org.traumaflow.dicom;

import java.util.OptionalDouble;

/**
 * The modality LUT of a CT image: HU = stored x slope + intercept, rounded half to even (as
 * numpy's rint) and clamped to int16.
 */
public record ModalityLut(double slope, double intercept) {

  public static ModalityLut of(DicomFile file) throws MalformedDicomException {
    double slope = valueOr(file, Tag.RESCALE_SLOPE, "RescaleSlope", 1.0);
    double intercept = valueOr(file, Tag.RESCALE_INTERCEPT, "RescaleIntercept", 0.0);
    if (slope == 0 || Math.abs(slope) > 1e6 || Math.abs(intercept) > 1e6) {
      throw new MalformedDicomException(file.source(), "implausible rescale slope " + slope + " / intercept " + intercept);
    }
    return new ModalityLut(slope, intercept);
  }

  /** The attribute's number, {@code absent} when it is absent; present but no finite number ("NaN") is an error, not the default. */
  private static double valueOr(DicomFile file, int tag, String name, double absent) throws MalformedDicomException {
    String text = file.dataset().string(tag).orElse("").trim();
    if (text.isEmpty()) {
      return absent;
    }
    OptionalDouble value = file.dataset().decimal(tag);
    if (value.isEmpty()) {
      throw new MalformedDicomException(file.source(), name + " '" + text + "' is not a finite number");
    }
    return value.getAsDouble();
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
