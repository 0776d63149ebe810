package org.traumaflow.dicom;

/**
 * Something irregular about an assembled series that does not stop it from being read.
 *
 * @param kind what kind of irregularity
 * @param detail where and how much, for a person
 */
public record SeriesIssue(Kind kind, String detail) {
  public enum Kind {
    /** Two files with the same SOP Instance UID; the later one was dropped. */
    DUPLICATE_INSTANCE,
    /** Two slices at the same position; the one with the higher instance number was dropped. */
    DUPLICATE_POSITION,
    /** Two slices share an instance number (both kept: positions order them). */
    DUPLICATE_INSTANCE_NUMBER,
    /** A gap between neighbouring slices well above the median spacing (missing slices). */
    GAP,
    /** Slice positions are missing: slices ordered by instance number, spacing assumed. */
    NO_POSITIONS
  }
}
