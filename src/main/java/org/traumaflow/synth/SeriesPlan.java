package org.traumaflow.synth;

/**
 * What one series will be, decided before any pixel is drawn.
 *
 * @param seriesId the series id (its folder name)
 * @param phase the contrast phase
 * @param incomplete whether the scan cuts an organ off (incomplete_organ)
 * @param segmentation whether segmentations/&lt;series_id&gt;.nii is written for it
 * @param seed the seed of everything drawn for this series
 */
record SeriesPlan(int seriesId, ContrastPhase phase, boolean incomplete, boolean segmentation, long seed) {}
