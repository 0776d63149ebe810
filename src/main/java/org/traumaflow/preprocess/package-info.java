/**
 * Stage-1 preprocessing of a series: HU volumes, the windows ('ours', 'theo') as uint8 tables,
 * cv2-exact bilinear resize, and the input of the segmentation model.
 *
 * <p>Uses {@code dicom}, {@code dicom.data}; never a package of a higher layer ({@code LayeringTest}
 * holds the order).
 */
package org.traumaflow.preprocess;
