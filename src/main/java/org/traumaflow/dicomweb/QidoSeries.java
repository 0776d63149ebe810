package org.traumaflow.dicomweb;

/**
 * One series of a study, as QIDO-RS lists it.
 *
 * @param seriesInstanceUid the series' UID
 * @param modality its Modality, possibly empty
 */
public record QidoSeries(String seriesInstanceUid, String modality) {}
