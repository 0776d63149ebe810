package org.traumaflow.bench;

import ai.djl.training.optimizer.Optimizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.EncoderName;
import org.traumaflow.model.SequenceAugmentation;
import org.traumaflow.model.SequenceModel;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.model.SequenceTrainer;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.sequence.SequenceSample;

/**
 * Stage-2 speed on this machine's CPU (or GPU, where DJL sees one) for each built-in encoder,
 * at the tiny size and at the method's size on 384 x 384 windows: training steps per second
 * (forward, backward and AdamW update of one batch) and inference windows per second; and the
 * Java-side augmentation's milliseconds per window at each size (all four transforms drawn, one
 * thread), which a training step on a GPU must not wait for. Every
 * figure is the median of several repeats after one untimed warm-up; the ratio column is each
 * encoder's inference speed against ResNet-18's at the same size, measured in the same run, which
 * is what to compare across machines.
 *
 * <p>Run: {@code java -Dai.djl.offline=true -cp ... org.traumaflow.bench.SequenceModelBenchmark
 * [repeats] [batch]} (defaults 3 and 2); libtorch's intra-op threads follow
 * {@code -Dai.djl.pytorch.num_threads}.
 */
public final class SequenceModelBenchmark {
  /** How big the run is. */
  public record Settings(int repeats, int batchSize, List<Integer> methodSizes) {
    public Settings {
      if (repeats < 1 || batchSize < 1) {
        throw new IllegalArgumentException("repeats and batch size must be at least 1, got " + repeats + " and " + batchSize);
      }
      methodSizes = List.copyOf(methodSizes);
    }
  }

  /** The augmentation's median milliseconds per window at one size. */
  public record AugmentationRow(int inputSize, double millisecondsPerWindow) {}

  /** One measured configuration: medians over the repeats. */
  public record Row(String encoder, String size, int inputSize, long parameters, double trainStepSeconds, double windowsPerSecond, double ratio) {}

  private static final List<EncoderName> ENCODERS = List.of(EncoderName.RESNET18, EncoderName.RESNET34, EncoderName.EFFICIENTNET_V2_S);

  private final Settings settings;
  private final PrintWriter progress;

  public SequenceModelBenchmark(Settings settings, PrintWriter progress) {
    this.settings = settings;
    this.progress = progress;
  }

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    PrintWriter err = new PrintWriter(System.err, true);
    SequenceModelBenchmark bench = new SequenceModelBenchmark(new Settings(repeats, batch, List.of(384)), err);
    System.out.print(table(bench.run()));
    System.out.print(augmentationTable(bench.augmentation()));
  }

  /** The augmentation's time per window at the tiny size (64) and each method size. */
  public List<AugmentationRow> augmentation() {
    List<AugmentationRow> rows = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>(List.of(64));
    sizes.addAll(settings.methodSizes());
    SequenceAugmentation always = new SequenceAugmentation(1, 25, 0.05, 0.1);
    for (int size : sizes) {
      Random random = new Random(2);
      SequenceSample window = windows(1, size, random).get(0);
      always.apply(window, random);
      double[] ms = new double[settings.repeats()];
      for (int i = 0; i < ms.length; i++) {
        long start = System.nanoTime();
        always.apply(window, random);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      rows.add(new AugmentationRow(size, median(ms)));
    }
    return rows;
  }

  public static String augmentationTable(List<AugmentationRow> rows) {
    StringBuilder out = new StringBuilder("\n| augmentation (flips, rotation, perspective; Java, one thread) | input px | ms per window (median) |\n|---|---:|---:|\n");
    for (AugmentationRow r : rows) {
      out.append(String.format(Locale.ROOT, "| all four drawn | %d | %.1f |%n", r.inputSize(), r.millisecondsPerWindow()));
    }
    return out.toString();
  }

  public List<Row> run() {
    List<Row> rows = new ArrayList<>();
    rows.addAll(measureAll("tiny", null));
    for (int size : settings.methodSizes()) {
      rows.addAll(measureAll("method", size));
    }
    return rows;
  }

  private List<Row> measureAll(String size, Integer methodSize) {
    List<Row> rows = new ArrayList<>();
    double baseline = Double.NaN;
    for (EncoderName encoder : ENCODERS) {
      SequenceModelConfig config = methodSize == null
          ? SequenceModelConfig.tiny(SequenceTask.ORGANS, encoder)
          : SequenceModelConfig.method(SequenceTask.ORGANS, encoder).withInputSize(methodSize);
      Row row = measure(encoder, size, config);
      if (encoder == EncoderName.RESNET18) {
        baseline = row.windowsPerSecond();
      }
      rows.add(new Row(row.encoder(), row.size(), row.inputSize(), row.parameters(), row.trainStepSeconds(), row.windowsPerSecond(),
          row.windowsPerSecond() / baseline));
    }
    return rows;
  }

  private Row measure(EncoderName encoder, String size, SequenceModelConfig config) {
    progress.println("bench: " + encoder + " " + size + " at " + config.inputSize() + " px, batch " + settings.batchSize());
    List<SequenceSample> batch = windows(settings.batchSize(), config.inputSize(), new Random(1));
    double[] train = new double[settings.repeats()];
    double[] infer = new double[settings.repeats()];
    long parameters;
    try (SequenceModel model = SequenceModel.create(config, 1)) {
      parameters = model.parameterCount();
      Optimizer optimizer = Optimizer.adamW().build();
      SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, 1));
      for (int i = 0; i < train.length; i++) {
        long start = System.nanoTime();
        SequenceTrainer.trainStep(model, batch, optimizer, new EpochStep(1, i + 2));
        train[i] = (System.nanoTime() - start) / 1e9;
      }
      try (SequencePredictor predictor = SequencePredictor.of(model, settings.batchSize())) {
        predictor.predict(batch);
        for (int i = 0; i < infer.length; i++) {
          long start = System.nanoTime();
          predictor.predict(batch);
          infer[i] = (System.nanoTime() - start) / 1e9;
        }
      }
    }
    return new Row(encoder.name(), size, config.inputSize(), parameters, median(train), batch.size() / median(infer), Double.NaN);
  }

  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| encoder | size | input px | parameters | train step s (median) | train steps/s | inference windows/s | vs ResNet-18 |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f M | %.3f | %.2f | %.2f | %.2fx |%n", r.encoder(), r.size(), r.inputSize(),
          r.parameters() / 1e6, r.trainStepSeconds(), 1 / r.trainStepSeconds(), r.windowsPerSecond(), r.ratio()));
    }
    return out.toString();
  }

  /** The median; of an even count, the mean of the middle two (an even count of repeats is allowed). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** Windows of seeded noise with a few positive targets and mask pixels, so every loss term has work. */
  static List<SequenceSample> windows(int count, int size, Random random) {
    List<SequenceSample> windows = new ArrayList<>();
    int maskSize = size / 4;
    for (int w = 0; w < count; w++) {
      byte[] images = new byte[SequenceSample.STEPS * SequenceSample.CHANNELS * size * size];
      random.nextBytes(images);
      float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
      targets[10 * SliceTarget.COUNT] = 1f;
      byte[] masks = new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * maskSize * maskSize];
      for (int i = 0; i < masks.length; i += 7) {
        masks[i] = 1;
      }
      windows.add(new SequenceSample(w, "bench." + w, "ours", 0, size, new int[SequenceSample.STEPS * SequenceSample.CHANNELS],
          images, targets, maskSize, masks));
    }
    return windows;
  }
}
