/**
 * Finding and reading series (folders or DICOMweb), preprocessing and segmenting them, with the
 * preprocessing spec and options that say how.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}, {@code dicomweb}, {@code engine}, {@code ledger},
 * {@code nifti}, {@code pipeline.common}, {@code preprocess}, {@code seg}, {@code sequence},
 * {@code spec}, {@code storage}; never a package of a higher layer ({@code LayeringTest} holds the
 * order).
 */
package org.traumaflow.pipeline.series;
