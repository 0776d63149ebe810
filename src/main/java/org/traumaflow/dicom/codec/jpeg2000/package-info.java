/**
 * JPEG 2000 frames: OpenJPEG through JNA when the library is present, JAI's pure-Java codec as the
 * fallback, and the codestream checks both share.
 *
 * <p>Uses {@code dicom.codec}, {@code dicom.data}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.dicom.codec.jpeg2000;
