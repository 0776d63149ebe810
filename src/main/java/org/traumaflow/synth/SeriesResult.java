package org.traumaflow.synth;

import java.util.List;
import org.traumaflow.label.ImageLabel;


/**
 * What was written for one series: its metadata rows and image-level labels.
 *
 * @param patientId patient_id
 * @param seriesId series_id
 * @param train whether it is a training series
 * @param phase its contrast phase
 * @param aorticHu aortic_hu
 * @param incomplete incomplete_organ
 * @param slices the number of slices written
 * @param segmentation whether its mask was written
 * @param imageLabels the slices showing extravasation or bowel injury (training series only)
 */
public record SeriesResult(
    int patientId,
    int seriesId,
    boolean train,
    ContrastPhase phase,
    double aorticHu,
    boolean incomplete,
    int slices,
    boolean segmentation,
    List<ImageLabel> imageLabels) {}
