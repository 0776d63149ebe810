/**
 * The synthetic abdominal CT dataset: phantoms with organs and injuries, rendered to real DICOM
 * files in the competition's layout with labels and masks.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}, {@code label}, {@code nifti}, {@code storage}; never a
 * package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.synth;
