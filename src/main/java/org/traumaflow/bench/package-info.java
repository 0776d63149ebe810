/**
 * Benchmarks against reference implementations and earlier paths, reported as medians and ratios.
 *
 * <p>Uses {@code dicom}, {@code dicom.codec}, {@code dicom.codec.jpeg2000}, {@code dicom.data},
 * {@code engine}, {@code label}, {@code ledger}, {@code model}, {@code nn},
 * {@code pipeline.common}, {@code pipeline.preprocess}, {@code pipeline.score},
 * {@code pipeline.series}, {@code pipeline.volumes}, {@code preprocess}, {@code seg},
 * {@code sequence}, {@code spec}, {@code storage}, {@code synth}, {@code zoo}; never a package of
 * a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.bench;
