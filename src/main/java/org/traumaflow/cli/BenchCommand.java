package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.traumaflow.bench.DicomBenchmark;
import org.traumaflow.bench.EngineIsaBenchmark;
import org.traumaflow.bench.LargeSeriesBenchmark;
import org.traumaflow.bench.PeakMemory;
import org.traumaflow.bench.PreprocessBenchmark;
import org.traumaflow.bench.ScoreBenchmark;
import org.traumaflow.bench.SegmentationBenchmark;
import org.traumaflow.bench.SequenceModelBenchmark;
import org.traumaflow.bench.SoakBenchmark;
import org.traumaflow.bench.TorchScriptBenchmark;
import org.traumaflow.bench.TrainMemoryBenchmark;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.model.EncoderName;
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
      "with ratios). Suites: dicom (RLE / JPEG lossless / JPEG 2000 frames, the latter with the decoder in use and the pure-Java fallback, a whole RLE series,",
      "header-only discovery; pydicom and GDCM from Debian as references); preprocess (series per",
      "minute on embedded Flink, parallelism 1 and 2, without and with segmentation); preprocess-cpu (CPU time of",
      "decode + both windows + stage-1 input of the largest series, no runner; pydicom + numpy + OpenCV as reference);",
      "preprocess-memory (live heap per series in flight against its int16 volume; decoding the HU volume first as reference);",
      "model (sequence encoders, a TorchScript member in DJL against PyTorch); score (series and patients per hour",
      "of the scoring pipeline with one untrained member, embedded Flink parallelism 1 and 2, time per stage,",
      "peak resident set; preprocess without segmentation as the reference); large-series (score one 1,500-slice",
      "512 x 512 series in a child JVM per --heaps, peak RSS of each); soak (score --studies small studies in one",
      "run, RSS and heap over the run). large-series and soak make their scoring setup with traumaflow demo under --work once.",
      "engine-isa (a child JVM per oneDNN cap in --caps: the engine self-check's verdict and forward + backward time of",
      "convolutions shaped like the two stages', against the CPU's uncapped kernels); train-memory (one tiny member trained",
      "one epoch on generated 64 px datasets of each size in --windows, each in a child JVM with a fixed, pre-touched heap of --heap: peak live heap",
      "and peak RSS, the largest dataset's against the smallest's); segmentation (stage 1 trained on generated",
      "patients, one model per fold, held-out Dice per organ beside the goals liver > 0.9, spleen > 0.85, kidneys > 0.8;",
      "sized for two shared CPU cores (10 to 30 minutes with their load), scale up with --training-patients, --folds, --epochs, --seg-model method)."
    })
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SUITE", description = "What to measure: dicom, preprocess, preprocess-cpu, preprocess-memory, model, score, large-series, soak, engine-isa, train-memory or segmentation.")
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

  @Option(names = "--patients", defaultValue = "4", description = "preprocess, preprocess-cpu, preprocess-memory, score: synthetic 512 x 512 patients (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--max-slices", defaultValue = "300", description = "preprocess, preprocess-cpu, preprocess-memory, score: slices per series at most (default ${DEFAULT-VALUE}).")
  int maxSlices;

  @Option(names = "--method-sizes", split = ",", description = "model: also time the method-size encoders at these sizes, e.g. 384 (slow on a CPU; default: tiny only).")
  List<Integer> methodSizes = new java.util.ArrayList<>();

  @Option(names = "--member-size", defaultValue = "128", description = "model: window size of the TorchScript DJL-vs-PyTorch case (default ${DEFAULT-VALUE}).")
  int memberSize;

  @Option(names = "--slices", defaultValue = "1500", description = "large-series: slices of each series (default ${DEFAULT-VALUE}).")
  int slices;

  @Option(names = "--size", defaultValue = "512", description = "large-series: rows and columns of each slice (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--heaps", split = ",", defaultValue = "4g,3g,2g", description = "large-series: the -Xmx of each scoring run (default ${DEFAULT-VALUE}).")
  List<String> heaps;

  @Option(names = "--studies", defaultValue = "500", description = "soak: small test studies scored in one run (default ${DEFAULT-VALUE}).")
  int studies;

  @Option(names = "--study-size", defaultValue = "64", description = "soak: rows and columns of their slices (default ${DEFAULT-VALUE}).")
  int studySize;

  @Option(names = "--study-slices", defaultValue = "20", description = "soak: slices per series at most (default ${DEFAULT-VALUE}).")
  int studySlices;

  @Option(names = "--heap", defaultValue = "1g", description = "soak: the -Xmx of the scoring run; train-memory: the -Xms and -Xmx of each training run (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--windows", split = ",", defaultValue = "200,4000",
      description = "train-memory: the generated datasets' sizes in windows, one training run each (default ${DEFAULT-VALUE}).")
  List<Integer> windows;

  @Option(names = "--encoder", defaultValue = "RESNET18",
      description = "score: the member's encoder, RESNET18, RESNET34 or EFFICIENTNET_V2_S (default ${DEFAULT-VALUE}).")
  EncoderName encoder;

  @Option(names = "--member-preset", defaultValue = "METHOD",
      description = "score: METHOD (the production size: 384 px member, the method's segmentation network) or TINY (the same topologies, narrow; for checking the command) (default ${DEFAULT-VALUE}).")
  ScoreBenchmark.MemberSize memberPreset;

  @Option(names = "--caps", split = ",", defaultValue = "none,AVX2,SSE41",
      description = "engine-isa: the DNNL_MAX_CPU_ISA values to compare, 'none' for the CPU's fastest kernels (default ${DEFAULT-VALUE}).")
  List<String> caps;

  @Option(names = "--training-patients", defaultValue = "16", description = "segmentation: synthetic patients with masks (default ${DEFAULT-VALUE}).")
  int trainingPatients;

  @Option(names = "--folds", defaultValue = "2", description = "segmentation: folds of patients, one model each (default ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--epochs", defaultValue = "16", description = "segmentation: epochs per fold (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--stage1-size", defaultValue = "128", description = "segmentation: stage-1 slice size, the method's 128 (default ${DEFAULT-VALUE}).")
  int stage1Size;

  @Option(names = "--seg-model", defaultValue = "tiny", description = "segmentation: tiny (8x narrower, for CPUs) or method (ResNet-18 3D U-Net) (default ${DEFAULT-VALUE}).")
  String segModel;

  @Option(names = "--seg-slices", defaultValue = "96", description = "segmentation: slices per series at most (default ${DEFAULT-VALUE}).")
  int segSlices;

  @Option(names = "--out", description = "Also write the Markdown table to this file.")
  Path out;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, DicomException, InterruptedException {
    Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("traumaflow-bench");
    String table = switch (suite) {
      case "dicom" -> dicom(folder);
      case "preprocess" -> preprocess(folder, false);
      case "preprocess-cpu" -> preprocessCpu(folder);
      case "preprocess-memory" -> preprocess(folder, true);
      case "model" -> model(folder);
      case "score" -> score(folder);
      case "large-series" -> largeSeries(folder);
      case "soak" -> soak(folder);
      case "engine-isa" -> EngineIsaBenchmark.table(new EngineIsaBenchmark(repeats, caps, spec.commandLine().getErr()).run());
      case "train-memory" -> trainMemory(folder);
      case "segmentation" -> segmentation(folder);
      default -> throw new UserInputException("unknown benchmark suite '" + suite + "' (known: dicom, preprocess, preprocess-cpu, preprocess-memory, model, score, large-series, soak, engine-isa, train-memory, segmentation)");
    };
    spec.commandLine().getOut().print(table);
    if (out != null) {
      AtomicFiles.write(out, table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return 0;
  }

  private String largeSeries(Path folder) throws IOException, DicomException, InterruptedException {
    LargeSeriesBenchmark.Settings settings;
    try {
      settings = new LargeSeriesBenchmark.Settings(slices, size, heaps);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    return LargeSeriesBenchmark.table(new LargeSeriesBenchmark(folder, settings, spec.commandLine().getErr()).run());
  }

  private String soak(Path folder) throws IOException, InterruptedException {
    SoakBenchmark.Settings settings;
    try {
      settings = new SoakBenchmark.Settings(studies, studySize, studySlices, heap);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    return SoakBenchmark.table(new SoakBenchmark(folder, settings, spec.commandLine().getErr()).run());
  }

  private String segmentation(Path folder) throws IOException {
    SegmentationBenchmark.Settings settings;
    try {
      // The tiny model learns in a CPU's epochs at 3e-3 (TinyModelLearnsTest); the method's network trains at its 5e-4.
      settings = new SegmentationBenchmark.Settings(trainingPatients, folds, stage1Size, epochs, segModel, segSlices, 2,
          segModel.equals("tiny") ? 3e-3f : 5e-4f, 2023);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    return SegmentationBenchmark.table(new SegmentationBenchmark(folder, settings, spec.commandLine().getErr()).run());
  }

  private String trainMemory(Path folder) throws IOException, InterruptedException {
    TrainMemoryBenchmark.Settings settings;
    try {
      settings = new TrainMemoryBenchmark.Settings(windows, heap);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    return TrainMemoryBenchmark.table(settings, new TrainMemoryBenchmark(folder, settings, spec.commandLine().getErr()).run());
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

  private String score(Path folder) throws IOException {
    ScoreBenchmark.Settings settings;
    try {
      settings = new ScoreBenchmark.Settings(patients, maxSlices, repeats, encoder, memberPreset);
    } catch (IllegalArgumentException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
    try {
      return ScoreBenchmark.table(new ScoreBenchmark(folder, settings, spec.commandLine().getErr()).run());
    } catch (org.traumaflow.spec.InvalidSpecException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private String preprocess(Path folder, boolean memory) throws IOException, DicomException {
    try {
      PreprocessBenchmark benchmark = preprocessBenchmark(folder);
      return PreprocessBenchmark.table(memory ? benchmark.memory() : benchmark.throughput());
    } catch (org.traumaflow.spec.InvalidSpecException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private String preprocessCpu(Path folder) throws IOException, DicomException, InterruptedException {
    return PreprocessBenchmark.cpuTable(preprocessBenchmark(folder).cpu());
  }

  private PreprocessBenchmark preprocessBenchmark(Path folder) {
    return new PreprocessBenchmark(folder, new PreprocessBenchmark.Settings(patients, maxSlices, repeats), spec.commandLine().getErr());
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
