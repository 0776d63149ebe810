/**
 * The score pipeline: ledger check, ensemble scoring in passes, the patient blend, and publishing
 * the submission, predictions, report and stored results.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}, {@code dicomweb}, {@code engine}, {@code ensemble},
 * {@code label}, {@code ledger}, {@code metric}, {@code model}, {@code pipeline.common},
 * {@code pipeline.preprocess}, {@code pipeline.series}, {@code pipeline.volumes},
 * {@code preprocess}, {@code report}, {@code seg}, {@code sequence}, {@code spec},
 * {@code storage}, {@code zoo}; never a package of a higher layer ({@code LayeringTest} holds the
 * order).
 */
package org.traumaflow.pipeline.score;
