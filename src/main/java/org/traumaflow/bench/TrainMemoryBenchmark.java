package org.traumaflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.traumaflow.engine.HostCpu;
import org.traumaflow.label.Grade;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.EncoderName;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.model.SequenceTrainer;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.sequence.SequenceConfig;
import org.traumaflow.sequence.SequenceDatasetFormat;
import org.traumaflow.sequence.SequenceDatasetWriter;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.LocalTree;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.RunTrainer;
import org.traumaflow.zoo.TrainingRun;

/**
 * Whether a training run's memory grows with its dataset: one tiny member trained one epoch (fold
 * 0 of 5 held out, so validation and out-of-fold predictions run too) on generated datasets of
 * each size in {@code windows}, each in a child JVM with the same fixed, pre-touched heap. The
 * child reports its peak live heap ({@link LiveHeap}: the heap in use right after forced
 * collections), this JVM reads its peak resident set from {@code /proc} ({@link ProcessMemory},
 * libtorch included), and the table gives the largest dataset's figures over the smallest's: near
 * 1 when memory is bounded by the trainer's blocks and read-ahead, not by the data.
 *
 * <p>The datasets are {@value #SIZE} px windows of seeded noise, {@value #WINDOWS_PER_PATIENT}
 * windows a patient and one patient in four injured (liver), written by
 * {@link SequenceDatasetWriter} with its default shards under the work folder, and kept for
 * re-runs: the run reads them as a real dataset is read, checks included.
 */
public final class TrainMemoryBenchmark {
  static final int SIZE = 64;
  static final int WINDOWS_PER_PATIENT = 4;
  private static final int FOLDS = 5;
  private static final int BATCH = 4;
  private static final long SEED = 16;
  /** Windows per shard: the {@code samples_per_shard} of the spec reference's example (docs/cli.md). */
  private static final int SAMPLES_PER_SHARD = 16;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The dataset sizes to train on, in windows, and the children's heap, as -Xmx takes it. */
  public record Settings(List<Integer> windows, String heap) {
    public Settings {
      if (windows.size() < 2 || windows.stream().anyMatch(w -> w < FOLDS * WINDOWS_PER_PATIENT)) {
        throw new IllegalArgumentException("train-memory needs two dataset sizes or more, each of at least "
            + FOLDS * WINDOWS_PER_PATIENT + " windows (one patient a fold), got " + windows);
      }
      windows = List.copyOf(windows);
    }
  }

  /** One dataset's run: its windows, the windows trained on and held out, the peaks, and the child's wall time. */
  public record Row(int windows, int training, int heldOut, long liveHeapBytes, long residentBytes, double seconds) {}

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public TrainMemoryBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  /** One child JVM per dataset size, in the order given. */
  public List<Row> run() throws IOException, InterruptedException {
    List<Row> rows = new ArrayList<>();
    for (int windows : settings.windows()) {
      Path data = work.resolve("train-memory-" + SIZE + "px-" + windows);
      if (!Files.exists(data.resolve(SequenceDatasetFormat.MANIFEST))) {
        progress.printf(Locale.ROOT, "bench: writing %d windows of %d px to %s%n", windows, SIZE, data);
        progress.flush();
        generate(data, windows);
      }
      Path output = work.resolve("train-memory-run-" + windows);
      LocalTree.delete(output);
      Path log = work.resolve("train-memory-" + windows + ".log");
      progress.printf(Locale.ROOT, "bench: training one tiny member one epoch on %d windows with -Xmx%s (log %s)%n", windows, settings.heap(), log);
      progress.flush();
      // A heap of fixed size, resident from the start: the live heap column measures the Java heap, and the
      // resident sets differ by native memory (libtorch, the JVM), not by how much of the heap G1 touched or sized.
      Process child = ScoringSetup.childJvm(settings.heap(), TrainMemoryBenchmark.class.getName(),
              List.of(data.toString(), output.toString(), work.resolve("train-memory-scratch").toString()),
              "-Xms" + settings.heap(), "-XX:+AlwaysPreTouch")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ProcessMemory.Outcome outcome = ProcessMemory.watch(child, 200, () -> 0);
      String said = Files.readString(log, StandardCharsets.UTF_8);
      if (outcome.exitCode() != 0) {
        throw new IOException("the training child on " + windows + " windows exited " + outcome.exitCode() + "; see " + log);
      }
      JsonNode result = JSON.readTree(said.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
          .orElseThrow(() -> new IOException("the training child on " + windows + " windows printed no result; see " + log)));
      rows.add(new Row(windows, result.get("training").asInt(), result.get("held_out").asInt(), result.get("live_heap").asLong(),
          outcome.peakBytes(), outcome.seconds()));
    }
    return rows;
  }

  /**
   * The child: trains the run on the dataset {@code args[0]}, publishing under {@code args[1]} with
   * scratch space {@code args[2]}, while sampling the live heap; prints the counts and the peak as
   * its last line, in JSON.
   */
  public static void main(String[] args) throws IOException {
    TrainingRun run = new TrainingRun("tiny-resnet18-organs",
        SequenceModelConfig.tiny(SequenceTask.ORGANS, EncoderName.RESNET18).withInputSize(SIZE).toJson(),
        null, null, "ours", FOLDS, 0, 1, 1, BATCH, 1, 3e-3, 0, args[0]);
    RunRecord record;
    long liveHeap;
    // Twice a second: what a read holds stays for a block's steps, seconds at this size.
    try (LiveHeap sampler = LiveHeap.start(500)) {
      record = new RunTrainer(Path.of(args[2]), false, line -> System.err.println(line)).train(run, ObjectStore.at(args[1]));
      liveHeap = sampler.maximum();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("training", record.trainingWindows());
    result.put("held_out", record.validationWindows());
    result.put("live_heap", liveHeap);
    System.out.println(JSON.writeValueAsString(result));
  }

  /**
   * {@code windows} windows of seeded noise, patients 1, 2, ... with {@value #WINDOWS_PER_PATIENT}
   * each; every fourth patient has a liver injury, on steps 8 to 15 of each of its windows and in
   * train.csv.
   */
  static void generate(Path root, int windows) throws IOException {
    LocalTree.delete(root);
    SequenceConfig config = SequenceConfig.method(SIZE);
    Random random = new Random(SEED + windows);
    StringBuilder labels = new StringBuilder(String.join(",", LabelTables.TRAIN_COLUMNS)).append('\n');
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, config, SAMPLES_PER_SHARD)) {
      for (int w = 0; w < windows; w++) {
        int patient = 1 + w / WINDOWS_PER_PATIENT;
        boolean injured = patient % 4 == 0;
        byte[] images = new byte[SequenceSample.STEPS * SequenceSample.CHANNELS * SIZE * SIZE];
        random.nextBytes(images);
        float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
        for (int step = 8; injured && step < 16; step++) {
          targets[step * SliceTarget.COUNT + SliceTarget.LIVER_INJURY.ordinal()] = 1;
          targets[step * SliceTarget.COUNT + SliceTarget.LIVER_LOW.ordinal()] = 1;
        }
        int[] sourceSlices = new int[SequenceSample.STEPS * SequenceSample.CHANNELS];
        writer.write(new SequenceSample(patient, patient + "." + w % 2, "ours", w % WINDOWS_PER_PATIENT / 2, SIZE, sourceSlices,
            images, targets, config.maskSize(), new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * config.maskSize() * config.maskSize()]));
        if (w % WINDOWS_PER_PATIENT == WINDOWS_PER_PATIENT - 1 || w == windows - 1) {
          PatientLabels patientLabels = new PatientLabels(false, false, Grade.HEALTHY, injured ? Grade.LOW : Grade.HEALTHY, Grade.HEALTHY);
          labels.append(patient).append(',')
              .append(patientLabels.columns().stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n');
        }
      }
      writer.finish();
    }
    Files.writeString(root.resolve(MakeVolumesPipeline.TRAIN_CSV), labels);
  }

  /** The Markdown: the CPU and setup, one row per dataset size, and the largest size's peaks over the smallest's. */
  public static String table(Settings settings, List<Row> rows) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "CPU: %s%n%nOne tiny ResNet-18 organs member, %d px, one epoch, batch %d, fold 0 of %d held out, blocks of %d windows; "
            + "each dataset in a child JVM with -Xms%s -Xmx%s -XX:+AlwaysPreTouch%n%n",
        HostCpu.current().describe(), SIZE, BATCH, FOLDS, SequenceTrainer.Builder.DEFAULT_SHUFFLE_WINDOWS, settings.heap(), settings.heap()));
    out.append("| windows | trained on | held out | peak live heap MB | peak RSS MB (VmHWM) | wall s |\n|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.0f | %.0f |%n",
          r.windows(), r.training(), r.heldOut(), r.liveHeapBytes() / 1e6, r.residentBytes() / 1e6, r.seconds()));
    }
    Row smallest = rows.stream().min((a, b) -> Integer.compare(a.windows(), b.windows())).orElseThrow();
    Row largest = rows.stream().max((a, b) -> Integer.compare(a.windows(), b.windows())).orElseThrow();
    out.append(String.format(Locale.ROOT, "%n%d windows against %d: peak live heap %.2fx, peak RSS %.2fx%n",
        largest.windows(), smallest.windows(), (double) largest.liveHeapBytes() / smallest.liveHeapBytes(),
        (double) largest.residentBytes() / smallest.residentBytes()));
    return out.toString();
  }
}
