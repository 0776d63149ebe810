package org.traumaflow.synth;

import java.nio.file.Path;

/**
 * What {@code traumaflow synth} is asked to generate; validated here, so the generator can
 * trust it.
 *
 * @param out the dataset root (created; must be empty if it exists)
 * @param patients training patients (train_images, train.csv, ...)
 * @param testPatients test patients (test_images, test_series_meta.csv, sample_submission.csv)
 * @param seed the master seed: the same seed and parameters give byte-identical files
 * @param syntax the transfer syntax of every slice
 * @param size rows and columns of every slice
 * @param threads patients generated in parallel (does not change the output)
 * @param maxSlices the most slices a series may have; longer scans keep their coverage and get
 *     thicker slices
 * @param balanced draw half the patients injured and half healthy instead of the real prevalence
 * @param preview where to write a PNG montage of the first patient's first series (training
 *     patients come first), or null for none
 */
public record SynthConfig(
    Path out,
    int patients,
    int testPatients,
    long seed,
    SliceSyntax syntax,
    int size,
    int threads,
    int maxSlices,
    boolean balanced,
    Path preview) {

  /** Largest slice side; the real data is 512. */
  public static final int MAX_SIZE = 1024;
  /** Smallest slice side at which the organs are still recognisable. */
  public static final int MIN_SIZE = 32;
  /** The real data's longest series. */
  public static final int MAX_SLICES = 1000;
  /** Patient ids are 5-digit (10000..65535) and series ids 1..65535, like the real ones. */
  public static final int MAX_PATIENTS = 20_000;

  public SynthConfig {
    if (out == null) {
      throw new IllegalArgumentException("an output directory is required");
    }
    if (patients < 0 || testPatients < 0) {
      throw new IllegalArgumentException("patient counts cannot be negative");
    }
    if (patients + testPatients < 1) {
      throw new IllegalArgumentException("at least one training or test patient is required");
    }
    if (patients + testPatients > MAX_PATIENTS) {
      throw new IllegalArgumentException("at most " + MAX_PATIENTS + " patients in all (ids are 5-digit, like the real ones)");
    }
    if (syntax == null) {
      throw new IllegalArgumentException("a transfer syntax is required");
    }
    if (size < MIN_SIZE || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be " + MIN_SIZE + ".." + MAX_SIZE + ", got " + size);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be 1..256, got " + threads);
    }
    if (maxSlices < 4 || maxSlices > MAX_SLICES) {
      throw new IllegalArgumentException("max slices must be 4.." + MAX_SLICES + ", got " + maxSlices);
    }
    if (preview != null && !preview.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
      throw new IllegalArgumentException("the preview must be a .png file, got " + preview);
    }
  }

  /** The defaults of the command line for {@code patients} training patients written to {@code out}. */
  public static SynthConfig defaults(Path out, int patients) {
    return new SynthConfig(out, patients, 3, 2023L, SliceSyntax.RLE, 512, Runtime.getRuntime().availableProcessors(), MAX_SLICES, false, null);
  }

  public SynthConfig withTestPatients(int value) {
    return new SynthConfig(out, patients, value, seed, syntax, size, threads, maxSlices, balanced, preview);
  }

  public SynthConfig withSeed(long value) {
    return new SynthConfig(out, patients, testPatients, value, syntax, size, threads, maxSlices, balanced, preview);
  }

  public SynthConfig withSize(int value) {
    return new SynthConfig(out, patients, testPatients, seed, syntax, value, threads, maxSlices, balanced, preview);
  }

  public SynthConfig withMaxSlices(int value) {
    return new SynthConfig(out, patients, testPatients, seed, syntax, size, threads, value, balanced, preview);
  }
}
