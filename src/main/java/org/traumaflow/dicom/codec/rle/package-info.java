/**
 * DICOM RLE Lossless frames: the segment table, PackBits rows, decoder and encoder.
 *
 * <p>Uses {@code dicom.codec}, {@code dicom.data}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.dicom.codec.rle;
