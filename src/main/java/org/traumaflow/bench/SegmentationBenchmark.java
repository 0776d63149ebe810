package org.traumaflow.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.traumaflow.preprocess.SliceWindow;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.ChunkAugmentation;
import org.traumaflow.seg.FoldMember;
import org.traumaflow.seg.FoldSelection;
import org.traumaflow.seg.FoldTrainer;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationDataset;
import org.traumaflow.seg.SegmentationFolds;
import org.traumaflow.seg.SegmentationTrainer;
import org.traumaflow.synth.SynthConfig;
import org.traumaflow.synth.SyntheticDataset;

/**
 * Stage-1 quality at the method's settings: generates a synthetic dataset (slices twice the
 * stage-1 size, NIfTI masks), trains one model per fold with train-segmentation's code (the
 * standard augmentation on, every fold kept) and reports each organ's held-out Dice, averaged
 * over the folds, beside the issue's goals: liver above 0.9, spleen above 0.85, each kidney above
 * 0.8. Bowel is reported without a goal.
 */
public final class SegmentationBenchmark {
  /** The goals a trusted stage 1 reaches on held-out patients. */
  static final double[] GOALS = {0.9, 0.85, 0.8, 0.8, Double.NaN};

  /**
   * How big the run is.
   *
   * @param patients synthetic patients with masks
   * @param folds folds of patients, one model each
   * @param size stage-1 slice size (128 in the method)
   * @param epochs epochs per fold
   * @param model network: tiny or method
   * @param maxSlices slices per series at most
   * @param batchSize chunks per step
   * @param learningRate peak learning rate
   * @param seed seeds the data, initialisation, shuffling and augmentation
   */
  public record Settings(int patients, int folds, int size, int epochs, String model, int maxSlices, int batchSize, float learningRate, long seed) {
    public Settings {
      if (folds < 2 || patients < folds) {
        throw new IllegalArgumentException("need at least 2 folds and a patient per fold, got " + patients + " patients and " + folds + " folds");
      }
      if (epochs < 1 || batchSize < 1 || !(learningRate > 0)) {
        throw new IllegalArgumentException("epochs, batch size and learning rate must be positive");
      }
      if (!model.equals("tiny") && !model.equals("method")) {
        throw new IllegalArgumentException("the model must be tiny or method, got " + model);
      }
      if (maxSlices < 64) {
        throw new IllegalArgumentException("series need at least 64 slices (one 32-slice stage-1 chunk), got " + maxSlices);
      }
    }

    SegmentationConfig config() {
      SegmentationConfig base = model.equals("tiny") ? SegmentationConfig.tiny() : SegmentationConfig.method();
      return base.withInputSize(size);
    }
  }

  /**
   * One organ's result.
   *
   * @param organ the organ
   * @param perFold its held-out Dice of each fold's model, in fold order
   * @param goal the Dice to beat; NaN where there is none
   */
  public record Row(Organ organ, List<Double> perFold, double goal) {
    public double mean() {
      return perFold.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public boolean hasGoal() {
      return !Double.isNaN(goal);
    }

    public boolean met() {
      return hasGoal() && mean() > goal;
    }
  }

  /** The run: its settings, seconds taken and a row per organ. */
  public record Result(Settings settings, double seconds, int chunks, List<Row> rows) {}

  private final Path folder;
  private final Settings settings;
  private final PrintWriter progress;

  public SegmentationBenchmark(Path folder, Settings settings, PrintWriter progress) {
    this.folder = folder;
    this.settings = settings;
    this.progress = progress;
  }

  public Result run() throws IOException {
    long start = System.nanoTime();
    Path data = folder.resolve("segmentation-data-" + settings.patients() + "-" + settings.size() + "-" + settings.maxSlices() + "-" + settings.seed());
    if (!Files.exists(data.resolve("train.csv"))) {
      progress.println("bench segmentation: generating " + settings.patients() + " patients at " + 2 * settings.size() + " px under " + data);
      progress.flush();
      SyntheticDataset.generate(SynthConfig.defaults(data, settings.patients()).withTestPatients(0).withSize(2 * settings.size())
          .withMaxSlices(settings.maxSlices()).withSeed(settings.seed()), SyntheticDataset.Progress.NONE);
    }
    SegmentationConfig config = settings.config();
    List<SegmentationDataset.Series> series = SegmentationDataset.load(data, new Stage1Input.Settings(SliceWindow.SOFT_TISSUE, settings.size(), 2),
        config.chunkDepth(), config.chunkDepth() / 2, line -> { });
    SegmentationFolds split = SegmentationFolds.of(series, settings.folds());
    SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(settings.epochs()).optBatchSize(settings.batchSize())
        .optLearningRate(settings.learningRate()).optSeed(settings.seed()).optAugmentation(ChunkAugmentation.standard())
        .optListener(report -> {
          progress.println("bench segmentation: " + report.format());
          progress.flush();
        })
        .build();
    List<Integer> folds = IntStream.range(0, settings.folds()).boxed().toList();
    FoldTrainer.Outcome outcome = new FoldTrainer(trainer, config, settings.seed(), FoldSelection.MEAN, line -> {
      progress.println("bench segmentation: " + line);
      progress.flush();
    }).train(split, folds, SegmentationCheckpoint.writer(folder.resolve("segmentation-model"), config));
    List<Row> rows = new ArrayList<>();
    for (Organ organ : Organ.values()) {
      List<Double> perFold = outcome.trained().stream().map(FoldTrainer.TrainedFold::member)
          .map(FoldMember::heldOutDice).map(dice -> dice.get(organ.channel())).toList();
      rows.add(new Row(organ, perFold, GOALS[organ.channel()]));
    }
    int chunks = series.stream().mapToInt(s -> s.chunks().size()).sum();
    return new Result(settings, (System.nanoTime() - start) / 1e9, chunks, rows);
  }

  /** The Markdown table: settings, then one row per organ with its goal and whether it was met. */
  public static String table(Result result) {
    Settings s = result.settings();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "Stage-1 held-out Dice: %s model at %d px, %d patients (%d chunks), %d folds x %d epochs, batch %d, lr %s, augmentation on, %.1f min%n%n",
        s.model(), s.size(), s.patients(), result.chunks(), s.folds(), s.epochs(), s.batchSize(), s.learningRate(), result.seconds() / 60));
    out.append("| organ | held-out Dice (mean of folds) | per fold | goal | met |\n");
    out.append("|---|---|---|---|---|\n");
    for (Row row : result.rows()) {
      String perFold = String.join(" / ", row.perFold().stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toList());
      out.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %s | %s |%n", row.organ().name().toLowerCase(Locale.ROOT), row.mean(), perFold,
          row.hasGoal() ? String.format(Locale.ROOT, "> %.2f", row.goal()) : "-", row.hasGoal() ? (row.met() ? "pass" : "miss") : "-"));
    }
    return out.toString();
  }
}
