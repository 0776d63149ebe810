/**
 * What a pixel codec is (frame decoder and encoder) and what every family shares: raster checks
 * and Java ImageIO plugin lookup.
 *
 * <p>Uses {@code dicom.data}; never a package of a higher layer ({@code LayeringTest} holds the
 * order).
 */
package org.traumaflow.dicom.codec;
