package org.traumaflow.synth;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.label.LabelTables;


/**
 * The competition's CSV files, with exactly the real files' columns, column order, number
 * formats and line endings, so code written for the real data reads them unchanged. Rows are
 * sorted by their keys, never in the order patients happened to finish.
 */
public final class CsvTables {
  private CsvTables() {}

  /** train.csv: one row per training patient. */
  static String train(List<PatientPlan> patients) {
    StringBuilder s = header(LabelTables.TRAIN_COLUMNS);
    patients.stream()
        .filter(PatientPlan::train)
        .sorted(Comparator.comparingInt(PatientPlan::patientId))
        .forEach(p -> s.append(p.patientId()).append(',')
            .append(p.labels().columns().stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n'));
    return s.toString();
  }

  /** train_series_meta.csv or test_series_meta.csv. */
  static String seriesMeta(List<SeriesResult> series, boolean train) {
    StringBuilder s = header(train ? LabelTables.TRAIN_SERIES_META_COLUMNS : LabelTables.TEST_SERIES_META_COLUMNS);
    series.stream()
        .filter(r -> r.train() == train)
        .sorted(Comparator.comparingInt(SeriesResult::patientId).thenComparingInt(SeriesResult::seriesId))
        .forEach(r -> {
          s.append(r.patientId()).append(',').append(r.seriesId()).append(',').append(Double.toString(r.aorticHu()));
          if (train) {
            s.append(',').append(r.incomplete() ? 1 : 0);
          }
          s.append('\n');
        });
    return s.toString();
  }

  /** image_level_labels.csv. */
  static String imageLevelLabels(List<SeriesResult> series) {
    StringBuilder s = header(LabelTables.IMAGE_LEVEL_LABELS_COLUMNS);
    series.stream()
        .flatMap(r -> r.imageLabels().stream())
        .sorted(Comparator.comparingInt(ImageLabel::patientId)
            .thenComparingInt(ImageLabel::seriesId)
            .thenComparingInt(ImageLabel::instanceNumber)
            .thenComparing(ImageLabel::injuryName))
        .forEach(l -> s.append(l.patientId()).append(',').append(l.seriesId()).append(',')
            .append(l.instanceNumber()).append(',').append(l.injuryName()).append('\n'));
    return s.toString();
  }

  /**
   * sample_submission.csv: each test patient with the real file's defaults, 0.5 for the binary
   * groups and 1/3 for the three-class organs.
   */
  static String sampleSubmission(List<PatientPlan> patients) {
    StringBuilder s = header(LabelTables.SUBMISSION_COLUMNS);
    String half = Double.toString(0.5);
    String third = Double.toString(1.0 / 3);
    String defaults = String.join(",", half, half, half, half, third, third, third, third, third, third, third, third, third);
    patients.stream()
        .filter(p -> !p.train())
        .sorted(Comparator.comparingInt(PatientPlan::patientId))
        .forEach(p -> s.append(p.patientId()).append(',').append(defaults).append('\n'));
    return s.toString();
  }

  private static StringBuilder header(List<String> columns) {
    return new StringBuilder(String.join(",", columns)).append('\n');
  }
}
