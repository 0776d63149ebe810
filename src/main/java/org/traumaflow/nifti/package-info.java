/**
 * NIfTI-1 images and masks, mapped onto DICOM grids through their affine.
 *
 * <p>Uses {@code dicom}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.nifti;
