package org.traumaflow.pipeline;

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
import java.util.TreeMap;
import org.traumaflow.seg.EpochReport;
import org.traumaflow.seg.GroupKFold;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationDataset;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.seg.SegmentationSample;
import org.traumaflow.seg.SegmentationTrainer;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.volume.Stage1Input;

/**
 * One stage-1 training run, from a local dataset to a stored checkpoint: what
 * {@code traumaflow train-segmentation} runs in its JVM and {@link TrainSegmentationPipeline}
 * runs on a worker. {@link #prepare} loads the masked series and holds one fold of patients out;
 * {@link #train} trains, and writes the checkpoint with {@value #TRAINING_RECORD} beside it (a
 * {@code gs://} checkpoint is staged locally, then uploaded with its manifest last).
 *
 * <pre>{@code
 * SegmentationTraining.prepare(root, PreprocessSpec.builtIn(), settings, err).train("gs://models/seg-fold0", err);
 * }</pre>
 */
public final class SegmentationTraining {
  public static final String TRAINING_RECORD = "training.json";

  /**
   * What a run trains, as the command's options and the template's parameters give it.
   *
   * @param model network size: {@code method} (ResNet-18 3D U-Net) or {@code tiny}
   * @param size stage-1 slice size; null for the preprocessing spec's
   * @param folds folds of patients (GroupKFold)
   * @param fold the fold held out for validation
   * @throws IllegalArgumentException naming the setting that is out of range
   */
  public record Settings(String model, Integer size, int epochs, int batchSize, float learningRate, int folds, int fold, long seed)
      implements Serializable {
    public Settings {
      if (!model.equals("method") && !model.equals("tiny")) {
        throw new IllegalArgumentException("model must be method or tiny, got " + model);
      }
      if (fold < 0 || fold >= folds) {
        throw new IllegalArgumentException("fold must be 0.." + (folds - 1) + ", got " + fold);
      }
    }

    SegmentationConfig config(int stage1Size) {
      return (model.equals("tiny") ? SegmentationConfig.tiny() : SegmentationConfig.method()).withInputSize(stage1Size);
    }
  }

  private final Settings settings;
  private final SegmentationConfig config;
  private final Map<String, Integer> foldOf;
  private final List<SegmentationSample> training;
  private final List<SegmentationSample> validation;

  private SegmentationTraining(Settings settings, SegmentationConfig config, Map<String, Integer> foldOf,
      List<SegmentationSample> training, List<SegmentationSample> validation) {
    this.settings = settings;
    this.config = config;
    this.foldOf = foldOf;
    this.training = training;
    this.validation = validation;
  }

  /**
   * The training and validation chunks of {@code dataset} (the competition layout, local).
   *
   * @param log receives one line per series used or left out, and the split
   * @throws IllegalArgumentException when fewer patients have masks than there are folds
   */
  public static SegmentationTraining prepare(Path dataset, PreprocessSpec spec, Settings settings, PrintWriter log) throws IOException {
    int stage1Size = settings.size() != null ? settings.size() : spec.stage1().size();
    SegmentationConfig config = settings.config(stage1Size);
    var stage1 = new Stage1Input.Settings(spec.sliceWindow(), stage1Size, spec.stage1().sliceStep());
    List<SegmentationDataset.Series> series = SegmentationDataset.load(dataset, stage1, config.chunkDepth(), config.chunkDepth() / 2,
        line -> log.println("train-segmentation: " + line));
    Map<String, Integer> sizes = new LinkedHashMap<>();
    series.forEach(s -> sizes.merge(s.patientId(), s.chunks().size(), Integer::sum));
    if (sizes.size() < settings.folds()) {
      throw new IllegalArgumentException(dataset + ": " + sizes.size() + " patients with masks, fewer than " + settings.folds() + " folds");
    }
    Map<String, Integer> foldOf = GroupKFold.assign(sizes, settings.folds());
    List<SegmentationSample> training = new ArrayList<>();
    List<SegmentationSample> validation = new ArrayList<>();
    for (SegmentationDataset.Series s : series) {
      (foldOf.get(s.patientId()) == settings.fold() ? validation : training).addAll(s.chunks());
    }
    log.printf("train-segmentation: %d training and %d validation chunks (fold %d of %d), %s model%n",
        training.size(), validation.size(), settings.fold(), settings.folds(), settings.model());
    return new SegmentationTraining(settings, config, foldOf, training, validation);
  }

  /** Trains and writes the checkpoint to {@code output}, a folder or {@code gs://} prefix, printing one line per epoch. */
  public void train(String output, PrintWriter log) throws IOException {
    SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(settings.epochs()).optBatchSize(settings.batchSize())
        .optLearningRate(settings.learningRate()).optSeed(settings.seed()).optListener(SegmentationTrainer.printingTo(log)).build();
    ObjectStore target = ObjectStore.at(output);
    Path staging = target instanceof LocalObjectStore local ? local.root() : Files.createTempDirectory("traumaflow-checkpoint");
    List<EpochReport> reports;
    try (SegmentationModel network = SegmentationModel.create(config, settings.seed())) {
      reports = trainer.train(network, training, validation);
      SegmentationCheckpoint.save(staging, network);
    }
    AtomicFiles.write(staging.resolve(TRAINING_RECORD), new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(trainingRecord(reports)));
    if (!(target instanceof LocalObjectStore)) {
      FolderTransfer.upload(staging, target);
    }
    log.println("train-segmentation: checkpoint written to " + output + " (folds and per-epoch metrics in " + TRAINING_RECORD + ")");
  }

  /** What the run did, beside the checkpoint: which patients were held out, and each epoch's metrics. */
  private Map<String, Object> trainingRecord(List<EpochReport> reports) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("model", settings.model());
    record.put("folds", settings.folds());
    record.put("validation_fold", settings.fold());
    record.put("seed", settings.seed());
    record.put("patient_folds", new TreeMap<>(foldOf));
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochReport report : reports) {
      Map<String, Object> epoch = new LinkedHashMap<>();
      epoch.put("epoch", report.epoch());
      epoch.put("mean_loss", report.meanLoss());
      if (report.validated()) {
        Map<String, Double> dice = new LinkedHashMap<>();
        for (Organ organ : Organ.values()) {
          dice.put(organ.name().toLowerCase(Locale.ROOT), report.dice(organ));
        }
        epoch.put("validation_dice", dice);
      }
      epochs.add(epoch);
    }
    record.put("epochs", epochs);
    return record;
  }
}
