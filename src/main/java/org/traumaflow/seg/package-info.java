/**
 * Stage 1: the 3D organ segmentation model, its training and checkpoints, folds, inference, organ
 * visibility per slice and the study crop box.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}, {@code engine}, {@code label}, {@code nifti},
 * {@code nn}, {@code preprocess}, {@code storage}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.seg;
