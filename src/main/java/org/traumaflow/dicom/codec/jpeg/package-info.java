/**
 * JPEG frames: baseline through TwelveMonkeys, and our own 12-bit extended (DCT) and lossless
 * (process 14) decoders over one marker walk.
 *
 * <p>Uses {@code dicom.codec}, {@code dicom.data}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.dicom.codec.jpeg;
