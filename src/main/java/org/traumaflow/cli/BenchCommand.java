package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.traumaflow.bench.DicomBenchmark;
import org.traumaflow.bench.PeakMemory;
import org.traumaflow.bench.PreprocessBenchmark;
import org.traumaflow.bench.SequenceModelBenchmark;
import org.traumaflow.bench.TorchScriptBenchmark;
import org.traumaflow.dicom.DicomException;
import org.traumaflow.storage.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code traumaflow bench SUITE}: speed and memory, measured against a reference in the same run. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures speed against reference implementations in the same run (medians of repeats,",
      "with ratios). Suites: dicom (RLE / JPEG lossless / JPEG 2000 frames, a whole RLE series,",
      "header-only discovery; pydicom and GDCM from Debian as references); preprocess (series per",
      "minute on embedded Flink, parallelism 1 and 2, without and with segmentation); preprocess-memory",
      "(live heap per series in flight against its int16 volume; decoding the HU volume first as reference)."
    })
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SUITE", description = "What to measure: dicom, preprocess, preprocess-memory or model.")
  String suite;

  @Option(names = "--work", description = "Folder for the generated test files (kept for re-runs). Default: a temporary folder.")
  Path work;

  @Option(names = "--repeats", defaultValue = "5", description = "Timed repeats per case; the median is reported (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--series-slices", defaultValue = "300", description = "Slices of the series case (default ${DEFAULT-VALUE}).")
  int seriesSlices;

  @Option(names = "--discovery-files", defaultValue = "1000", description = "Files of the header-only discovery case (default ${DEFAULT-VALUE}).")
  int discoveryFiles;

  @Option(names = "--compressed-frames", defaultValue = "30", description = "Frames of the JPEG and JPEG 2000 cases (default ${DEFAULT-VALUE}).")
  int compressedFrames;

  @Option(names = "--patients", defaultValue = "4", description = "preprocess: synthetic 512 x 512 patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--max-slices", defaultValue = "300", description = "preprocess: slices per series at most (default ${DEFAULT-VALUE}).")
  int maxSlices;

  @Option(names = "--method-sizes", split = ",", description = "model: also time the method-size encoders at these sizes, e.g. 384 (slow on a CPU; default: tiny only).")
  List<Integer> methodSizes = new java.util.ArrayList<>();

  @Option(names = "--member-size", defaultValue = "128", description = "model: window size of the TorchScript DJL-vs-PyTorch case (default ${DEFAULT-VALUE}).")
  int memberSize;

  @Option(names = "--out", description = "Also write the Markdown table to this file.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, DicomException, InterruptedException {
    Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("traumaflow-bench");
    String table = switch (suite) {
      case "dicom" -> dicom(folder);
      case "preprocess" -> preprocess(folder, false);
      case "preprocess-memory" -> preprocess(folder, true);
      case "model" -> model(folder);
      default -> throw new UserInputException("unknown benchmark suite '" + suite + "' (known: dicom, preprocess, preprocess-memory, model)");
    };
    spec.commandLine().getOut().print(table);
    if (out != null) {
      AtomicFiles.write(out, table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return 0;
  }

  private String model(Path folder) throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    SequenceModelBenchmark zoo = new SequenceModelBenchmark(new SequenceModelBenchmark.Settings(repeats, 1, methodSizes), err);
    TorchScriptBenchmark.Result member;
    try {
      member = new TorchScriptBenchmark(folder, memberSize, repeats, err).run();
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    String tables = SequenceModelBenchmark.table(zoo.run()) + "\n" + SequenceModelBenchmark.augmentationTable(zoo.augmentation())
        + "\n" + TorchScriptBenchmark.table(member);
    java.util.OptionalLong peak = PeakMemory.residentBytes();
    return tables + (peak.isPresent() ? String.format(java.util.Locale.ROOT, "%nPeak resident set of the benchmark process: %.0f MB%n",
        peak.getAsLong() / 1e6) : "");
  }

  private String preprocess(Path folder, boolean memory) throws IOException, DicomException {
    try {
      PreprocessBenchmark benchmark = new PreprocessBenchmark(folder, new PreprocessBenchmark.Settings(patients, maxSlices, repeats),
          spec.commandLine().getErr());
      return PreprocessBenchmark.table(memory ? benchmark.memory() : benchmark.throughput());
    } catch (org.traumaflow.pipeline.InvalidSpecException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private String dicom(Path folder) throws IOException, DicomException, InterruptedException {
    DicomBenchmark.Settings settings;
    try {
      settings = new DicomBenchmark.Settings(repeats, seriesSlices, discoveryFiles, compressedFrames);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    List<DicomBenchmark.Row> rows = new DicomBenchmark(folder, settings, spec.commandLine().getErr()).run();
    return DicomBenchmark.table(rows);
  }
}
