package org.traumaflow.seg;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.traumaflow.label.GroupKFold;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;

/**
 * One stage-1 training, from a local dataset to a stored checkpoint, as {@code training/RunTrainer}
 * is one run of the zoo: what {@code traumaflow train-segmentation} runs in its JVM and the
 * train-segmentation template runs on a worker. {@link #prepare} loads the masked series and
 * splits the patients into folds ({@link SegmentationFolds}, by {@link GroupKFold} as the zoo's
 * runs are split); {@link #train} trains one model per fold (or the one fold asked for), keeps
 * them all or the best as the settings say, and writes the checkpoint with {@value #TRAINING_RECORD}
 * beside it (a {@code gs://} checkpoint is staged locally, then uploaded with its manifest last).
 * The checkpoint records the preprocessing spec it was trained with, as the caller gives it (at the
 * stage-1 size trained at), so that {@code score} can make the same slices.
 *
 * <pre>{@code
 * SegmentationRun.prepare(root, spec.stage1Settings(), specYaml, settings, err).train("gs://models/seg", err);
 * }</pre>
 */
public final class SegmentationRun {
  public static final String TRAINING_RECORD = "training.json";

  /**
   * What a training trains, as the command's options and the template's parameters give it.
   *
   * @param model network size: {@code method} (ResNet-18 3D U-Net) or {@code tiny}
   * @param size stage-1 slice size; null for the preprocessing spec's
   * @param folds folds of patients (GroupKFold)
   * @param fold the one fold whose model to train (e.g. one per parallel worker); null for every fold
   * @param foldModels what the checkpoint keeps of the fold models, and so what inference does
   * @param augment whether training chunks get the random flips, rotations, zooms and intensity jitter
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public record Settings(String model, Integer size, int epochs, int batchSize, float learningRate, int folds, Integer fold, long seed,
      FoldSelection foldModels, boolean augment) implements Serializable {
    public Settings {
      if (!model.equals("method") && !model.equals("tiny")) {
        throw new IllegalArgumentException("model must be method or tiny, got " + model);
      }
      if (folds < 2 || folds > SegmentationCheckpoint.MAX_FOLDS) {
        throw new IllegalArgumentException("folds must be 2.." + SegmentationCheckpoint.MAX_FOLDS + ", got " + folds);
      }
      if (fold != null && (fold < 0 || fold >= folds)) {
        throw new IllegalArgumentException("fold must be 0.." + (folds - 1) + ", got " + fold);
      }
    }

    /** {@code mean} or {@code best}, as the command line and the template name them. */
    public static FoldSelection foldModels(String name) {
      return switch (name) {
        case "mean" -> FoldSelection.MEAN;
        case "best" -> FoldSelection.BEST;
        default -> throw new IllegalArgumentException("fold-models must be mean or best, got " + name);
      };
    }

    SegmentationConfig config(int stage1Size) {
      return (model.equals("tiny") ? SegmentationConfig.tiny() : SegmentationConfig.method()).withInputSize(stage1Size);
    }

    List<Integer> trainedFolds() {
      return fold != null ? List.of(fold) : IntStream.range(0, folds).boxed().toList();
    }
  }

  private final Settings settings;
  private final SegmentationConfig config;
  private final SegmentationFolds split;
  private final byte[] preprocessing;

  private SegmentationRun(Settings settings, SegmentationConfig config, SegmentationFolds split, byte[] preprocessing) {
    this.settings = settings;
    this.config = config;
    this.split = split;
    this.preprocessing = preprocessing;
  }

  /**
   * The chunks of {@code dataset} (the competition layout, local), split into folds of patients.
   *
   * @param stage1 the stage-1 slices to train on, at the size trained at
   * @param preprocessing the preprocessing spec those slices come from (its YAML), recorded in the checkpoint
   * @param log receives one line per series used or left out, and the split
   * @throws IllegalArgumentException when fewer patients have masks than there are folds
   */
  public static SegmentationRun prepare(Path dataset, Stage1Input.Settings stage1, byte[] preprocessing, Settings settings, PrintWriter log)
      throws IOException {
    SegmentationConfig config = settings.config(stage1.size());
    List<SegmentationDataset.Series> series = SegmentationDataset.load(dataset, stage1, config.chunkDepth(), config.chunkDepth() / 2,
        line -> log.println("train-segmentation: " + line));
    SegmentationFolds split;
    try {
      split = SegmentationFolds.of(series, settings.folds());
    } catch (IllegalArgumentException tooFew) {
      throw new IllegalArgumentException(dataset + ": " + tooFew.getMessage(), tooFew);
    }
    log.printf("train-segmentation: folds %s of %d, %s model, augmentation %s, fold models: %s%n", settings.trainedFolds(),
        settings.folds(), settings.model(), settings.augment() ? "on" : "off", settings.foldModels().name().toLowerCase(Locale.ROOT));
    return new SegmentationRun(settings, config, split, preprocessing.clone());
  }

  /** Trains and writes the checkpoint to {@code output}, a folder or {@code gs://} prefix, printing one line per epoch. */
  public void train(String output, PrintWriter log) throws IOException {
    SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(settings.epochs()).optBatchSize(settings.batchSize())
        .optLearningRate(settings.learningRate()).optSeed(settings.seed()).optListener(SegmentationTrainer.printingTo(log))
        .optAugmentation(settings.augment() ? ChunkAugmentation.standard() : ChunkAugmentation.NONE).build();
    ObjectStore target = ObjectStore.at(output);
    Path staging = target instanceof LocalObjectStore local ? local.root() : Files.createTempDirectory("traumaflow-checkpoint");
    FoldTrainer.Outcome outcome = new FoldTrainer(trainer, config, settings.seed(), settings.foldModels(),
        line -> log.println("train-segmentation: " + line)).train(split, settings.trainedFolds(),
        SegmentationCheckpoint.writer(staging, config).withPreprocessing(preprocessing));
    AtomicFiles.write(staging.resolve(TRAINING_RECORD), new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(trainingRecord(outcome)));
    if (!(target instanceof LocalObjectStore)) {
      FolderTransfer.upload(staging, target);
    }
    log.println("train-segmentation: checkpoint written to " + output + " (folds and per-epoch metrics in " + TRAINING_RECORD + ")");
  }

  /** What the training did, beside the checkpoint: which patients each fold held out, and each fold's epochs. */
  private Map<String, Object> trainingRecord(FoldTrainer.Outcome outcome) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("model", settings.model());
    record.put("folds", settings.folds());
    record.put("fold_models", settings.foldModels().name().toLowerCase(Locale.ROOT));
    record.put("augmentation", settings.augment());
    record.put("seed", settings.seed());
    record.put("patient_folds", split.patientFolds());
    record.put("kept_folds", outcome.kept().members().stream().map(FoldMember::fold).toList());
    List<Map<String, Object>> trained = new ArrayList<>();
    for (FoldTrainer.TrainedFold fold : outcome.trained()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("fold", fold.member().fold());
      List<Map<String, Object>> epochs = new ArrayList<>();
      for (EpochReport report : fold.epochs()) {
        Map<String, Object> epoch = new LinkedHashMap<>();
        epoch.put("epoch", report.epoch());
        epoch.put("mean_loss", report.meanLoss());
        if (report.validated()) {
          epoch.put("held_out_dice", perOrgan(report));
        }
        epochs.add(epoch);
      }
      entry.put("epochs", epochs);
      trained.add(entry);
    }
    record.put("trained", trained);
    return record;
  }

  private static Map<String, Double> perOrgan(EpochReport report) {
    Map<String, Double> byOrgan = new LinkedHashMap<>();
    for (Organ organ : Organ.values()) {
      byOrgan.put(organ.name().toLowerCase(Locale.ROOT), report.dice(organ));
    }
    return byOrgan;
  }
}
