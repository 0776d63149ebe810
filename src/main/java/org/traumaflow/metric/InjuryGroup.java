package org.traumaflow.metric;

import java.util.List;
import org.traumaflow.label.PatientLabels;

/**
 * The five label groups the metric scores, in the submission's column order, each with the
 * sample weights the competition's host gave its classes (METHOD.md, "The official metric"):
 * an injured patient, and a high grade more than a low one, counts for more than a healthy one.
 */
public enum InjuryGroup {
  BOWEL("bowel", 1, 2),
  EXTRAVASATION("extravasation", 1, 6),
  KIDNEY("kidney", 1, 2, 4),
  LIVER("liver", 1, 2, 4),
  SPLEEN("spleen", 1, 2, 4);

  private final String prefix;
  private final double[] weights;
  private final int firstColumn;

  InjuryGroup(String prefix, double... weights) {
    this.prefix = prefix;
    this.weights = weights;
    this.firstColumn = SubmissionRow.COLUMNS.indexOf(prefix + "_healthy");
  }

  /** The group's name in the metric and the prefix of its columns, e.g. {@code kidney}. */
  public String prefix() {
    return prefix;
  }

  /** healthy/injury for bowel and extravasation, healthy/low/high for the organs. */
  public int classes() {
    return weights.length;
  }

  /** The group's columns, healthy first, e.g. kidney_healthy, kidney_low, kidney_high. */
  public List<String> columns() {
    return SubmissionRow.COLUMNS.subList(firstColumn, firstColumn + classes());
  }

  /** The index of {@code <prefix>_healthy} among {@link SubmissionRow#COLUMNS}. */
  int firstColumn() {
    return firstColumn;
  }

  /** The sample weight of a patient whose true class in this group is {@code trueClass}. */
  public double weight(int trueClass) {
    return weights[trueClass];
  }

  /** The patient's class in this group, indexing {@link #columns()}: 0 healthy, then injury or low, high. */
  public int trueClass(PatientLabels labels) {
    return switch (this) {
      case BOWEL -> labels.bowelInjury() ? 1 : 0;
      case EXTRAVASATION -> labels.extravasation() ? 1 : 0;
      case KIDNEY -> labels.kidney().ordinal();
      case LIVER -> labels.liver().ordinal();
      case SPLEEN -> labels.spleen().ordinal();
    };
  }
}
