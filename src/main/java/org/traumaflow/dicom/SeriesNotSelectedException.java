package org.traumaflow.dicom;

import org.traumaflow.dicom.data.DicomException;

/**
 * A readable series that a selection rule leaves out ({@link SeriesSelection}): a localizer, a
 * coronal reformat, an MR series, too few slices. Not a fault of the input, but never silent:
 * the rule that rejected it is named.
 */
public final class SeriesNotSelectedException extends DicomException {
  private final String rule;

  public SeriesNotSelectedException(String source, String rule, String reason) {
    super(source, "not selected by rule " + rule + ": " + reason);
    this.rule = rule;
  }

  /** The rule's name as the preprocessing spec's {@code series:} section spells it. */
  public String rule() {
    return rule;
  }
}
