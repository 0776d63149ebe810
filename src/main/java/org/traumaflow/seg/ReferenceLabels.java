package org.traumaflow.seg;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which labels of a reference segmentation's own numbering make up each organ: TotalSegmentator
 * numbers its classes otherwise than the competition (spleen 1, liver 5, bowel in three classes),
 * the competition's own masks use the organs' mask labels 1..5.
 */
public final class ReferenceLabels implements Serializable {
  private static final long serialVersionUID = 1L;

  /** For each file label 0..255, the competition label (organ mask label 1..5) it stands for, or 0. */
  private final byte[] competitionLabel = new byte[256];

  /**
   * @param labels for each organ the file labels that belong to it (an organ may have none)
   * @throws IllegalArgumentException for a label outside 1..255 or one given to two organs
   */
  public ReferenceLabels(Map<Organ, List<Integer>> labels) {
    for (Map.Entry<Organ, List<Integer>> organ : new EnumMap<>(labels).entrySet()) {
      for (int label : organ.getValue()) {
        if (label < 1 || label > 255) {
          throw new IllegalArgumentException("reference mask labels are 1..255, got " + label + " for " + organ.getKey());
        }
        if (competitionLabel[label] != 0) {
          throw new IllegalArgumentException("reference mask label " + label + " is given to both "
              + Organ.ofMaskLabel(competitionLabel[label]) + " and " + organ.getKey());
        }
        competitionLabel[label] = (byte) organ.getKey().maskLabel();
      }
    }
  }

  /** {@code labels} (file labels, 0..255 as unsigned bytes) renumbered as the competition's masks, 0 for every other class. */
  public byte[] toCompetition(byte[] labels) {
    byte[] out = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = competitionLabel[labels[i] & 0xff];
    }
    return out;
  }
}
