/**
 * The {@code traumaflow} command line: one command per job, mapping its options onto the
 * pipelines' options.
 *
 * <p>Uses {@code bench}, {@code dicom}, {@code dicom.data}, {@code dicomweb}, {@code engine},
 * {@code ensemble}, {@code label}, {@code ledger}, {@code metric}, {@code model}, {@code nifti},
 * {@code pipeline.common}, {@code pipeline.preprocess}, {@code pipeline.score},
 * {@code pipeline.series}, {@code pipeline.train}, {@code pipeline.volumes}, {@code report},
 * {@code seg}, {@code spec}, {@code storage}, {@code synth}, {@code zoo}; never a package of a
 * higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.cli;
