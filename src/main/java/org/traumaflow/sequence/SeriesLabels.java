package org.traumaflow.sequence;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.label.PatientLabels;

/**
 * What training knows about one series: its patient's train.csv row and the instance numbers of
 * the slices image_level_labels.csv marks with active extravasation.
 *
 * @param patient the patient's study-level labels
 * @param extravasationInstances instance numbers of the series' slices with an
 *     {@value ImageLabel#EXTRAVASATION} row
 */
public record SeriesLabels(PatientLabels patient, Set<Integer> extravasationInstances) {
  public SeriesLabels {
    extravasationInstances = Set.copyOf(extravasationInstances);
  }

  /** The labels of series {@code seriesId}, picking its extravasation rows out of {@code imageLabels} (any series). */
  public static SeriesLabels of(PatientLabels patient, int seriesId, Collection<ImageLabel> imageLabels) {
    return new SeriesLabels(patient, imageLabels.stream()
        .filter(label -> label.seriesId() == seriesId && label.injuryName().equals(ImageLabel.EXTRAVASATION))
        .map(ImageLabel::instanceNumber)
        .collect(Collectors.toSet()));
  }
}
