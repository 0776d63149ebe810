package org.traumaflow.seg;

import org.traumaflow.preprocess.PreparedSeries;

/**
 * A prepared series with what stage 1 found in it.
 *
 * @param prepared the windowed volumes and stage-1 input
 * @param organs organ visibility and crop box; null when no segmentation model was run
 */
public record SegmentedSeries(PreparedSeries prepared, StudyOrgans organs) {}
