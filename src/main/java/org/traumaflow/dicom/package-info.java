/**
 * Our DICOM Part 10 reader and writer: data sets, series assembly and selection
 * ({@code CtSeries}), geometry, the codec registry, and the DICOM results (SR, key images) a
 * scoring run stores.
 *
 * <p>Uses {@code dicom.codec}, {@code dicom.codec.jpeg}, {@code dicom.codec.jpeg2000},
 * {@code dicom.codec.rle}, {@code dicom.data}, {@code storage}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.dicom;
