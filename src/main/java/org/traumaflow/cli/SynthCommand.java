package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.traumaflow.synth.Manifest;
import org.traumaflow.synth.SliceSyntax;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SynthSummary;
import org.traumaflow.synth.SyntheticDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traumaflow synth}: writes a synthetic dataset in the competition's layout. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic abdominal CT dataset in the exact layout of the RSNA 2023 Abdominal Trauma"
          + " Detection data: train_images/<patient_id>/<series_id>/<instance_number>.dcm, test_images/...,"
          + " train.csv, train_series_meta.csv, test_series_meta.csv, image_level_labels.csv,"
          + " sample_submission.csv, segmentations/<series_id>.nii and MANIFEST.json.",
      "Labels follow the real train.csv's statistics; the same seed and options give byte-identical files."
    })
final class SynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Dataset root to create; must be new or empty.")
  Path out;

  @Option(names = "--patients", paramLabel = "N", defaultValue = "10", description = "Training patients (train_images, train.csv). Default: ${DEFAULT-VALUE}.")
  int patients;

  @Option(names = "--test-patients", paramLabel = "M", defaultValue = "3", description = "Test patients (test_images, sample_submission.csv). Default: ${DEFAULT-VALUE}.")
  int testPatients;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "2023", description = "Master seed; the same seed and options give the same files. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--transfer-syntax",
      paramLabel = "rle|explicit|j2k",
      defaultValue = "rle",
      description = "Transfer syntax of the slices: rle (RLE Lossless, as the real data), explicit (uncompressed), j2k (JPEG 2000 lossless). Default: ${DEFAULT-VALUE}.")
  String transferSyntax;

  @Option(names = "--size", paramLabel = "PX", defaultValue = "512", description = "Rows and columns of every slice (" + SynthConfig.MIN_SIZE + "-" + SynthConfig.MAX_SIZE + "); the field of view stays that of 0.6-0.9 mm pixels at 512. Default: ${DEFAULT-VALUE}.")
  int size;

  @Option(names = "--threads", paramLabel = "T", description = "Patients generated in parallel; does not change the output. Default: the number of processors.")
  Integer threads;

  @Option(names = "--max-slices", paramLabel = "K", defaultValue = "1000", description = "Most slices per series (real scans have 80-1000); longer scans keep their coverage with thicker slices. Default: ${DEFAULT-VALUE}.")
  int maxSlices;

  // %% because picocli runs descriptions through String.format; a lone % printed a warning instead.
  @Option(names = "--balanced", description = "Draw half the patients injured and half healthy instead of the real prevalence (27%% injured).")
  boolean balanced;

  @Option(names = "--preview", paramLabel = "PNG", description = "Also write a PNG montage of 8 slices of the first patient's first series (a training patient when there are any) in the soft-tissue window (WL 50/WW 400).")
  Path preview;

  @Override
  public Integer call() throws IOException {
    SynthConfig config = config();
    requireEmpty(config.out());
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter stdout = spec.commandLine().getOut();
    long start = System.nanoTime();
    SynthSummary summary = SyntheticDataset.generate(config, (done, total, patient) -> {
      err.printf(Locale.ROOT, "synth: %d/%d patients: %d (%s), %d series, %d slices%n",
          done, total, patient.patientId(), patient.train() ? "train" : "test", patient.series().size(), patient.slices());
      err.flush();
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    Manifest.Counts c = summary.counts();
    stdout.printf(Locale.ROOT, "wrote %d training and %d test patients (%d series, %d slices, %d segmentations, %d image-level labels) to %s in %.1f s%n",
        summary.trainPatients(), summary.testPatients(), c.trainSeries() + c.testSeries(), c.slices(), c.segmentations(), c.imageLevelLabels(), summary.root(), seconds);
    if (config.preview() != null) {
      stdout.println("preview: " + config.preview());
    }
    stdout.flush();
    return 0;
  }

  /** The options as a validated configuration; invalid values are the user's to fix. */
  SynthConfig config() {
    SliceSyntax syntax;
    try {
      syntax = SliceSyntax.fromFlag(transferSyntax);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--transfer-syntax: " + e.getMessage());
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    try {
      return new SynthConfig(out, patients, testPatients, seed, syntax, size, workers, maxSlices, balanced, preview);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  private static void requireEmpty(Path out) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw new UserInputException("--out " + out + " exists and is not a directory");
    }
    try (Stream<Path> entries = Files.list(out)) {
      if (entries.findAny().isPresent()) {
        throw new UserInputException("--out " + out + " is not empty; choose a new or empty directory");
      }
    }
  }
}
