package org.traumaflow.synth;

import java.nio.file.Path;

/**
 * What a {@code synth} run wrote.
 *
 * @param root the dataset root
 * @param trainPatients patients under train_images
 * @param testPatients patients under test_images
 * @param counts series, slices, masks and image-level labels written
 */
public record SynthSummary(Path root, int trainPatients, int testPatients, Manifest.Counts counts) {}
