package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.traumaflow.pipeline.InvalidSpecException;
import org.traumaflow.pipeline.PreprocessSpec;
import org.traumaflow.seg.EpochReport;
import org.traumaflow.seg.Organ;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.seg.GroupKFold;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationDataset;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.seg.SegmentationSample;
import org.traumaflow.seg.SegmentationTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traumaflow train-segmentation}: trains the stage-1 3D organ segmentation model. */
@Command(
    name = "train-segmentation",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the 3D organ segmentation model (METHOD.md, stage 1) on the training series that have",
      "segmentations/<series_id>.nii masks, holding out one fold of patients for validation, and",
      "writes a checkpoint (parameters, config.json, manifest.json with SHA-256) to OUTPUT.",
      "Prints one line per epoch: mean loss and validation Dice per organ."
    })
final class TrainSegmentationCommand implements Callable<Integer> {
  static final String TRAINING_RECORD = "training.json";

  @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Dataset root in the competition layout (local).")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "LOCATION",
      description = "Checkpoint folder or gs://bucket/prefix to write (a gs:// checkpoint is staged locally, then uploaded with its manifest last).")
  String output;

  @Option(names = "--model", defaultValue = "method", description = "Network size: method (ResNet-18 3D U-Net) or tiny (for CPUs and tests). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--spec", paramLabel = "YAML", description = "Preprocessing spec giving the stage-1 input; default: the built-in one.")
  Path spec;

  @Option(names = "--size", description = "Stage-1 slice size; default: the spec's (128).")
  Integer size;

  @Option(names = "--epochs", defaultValue = "10", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "4", description = "Chunks per step (default ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--learning-rate", defaultValue = "5e-4", description = "Peak AdamW learning rate, cosine schedule (default ${DEFAULT-VALUE}).")
  float learningRate;

  @Option(names = "--folds", defaultValue = "5", description = "Folds of patients (GroupKFold; default ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--fold", defaultValue = "0", description = "The fold held out for validation (default ${DEFAULT-VALUE}).")
  int fold;

  @Option(names = "--seed", defaultValue = "2023", description = "Seeds initialisation and shuffling (default ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = commandSpec.commandLine().getErr();
    if (fold < 0 || fold >= folds) {
      throw new UserInputException("--fold must be 0.." + (folds - 1) + ", got " + fold);
    }
    PreprocessSpec preprocess = readSpec();
    int stage1Size = size != null ? size : preprocess.stage1().size();
    SegmentationConfig config = switch (model) {
      case "method" -> SegmentationConfig.method().withInputSize(stage1Size);
      case "tiny" -> SegmentationConfig.tiny().withInputSize(stage1Size);
      default -> throw new UserInputException("--model must be method or tiny, got " + model);
    };
    var stage1 = new org.traumaflow.volume.Stage1Input.Settings(preprocess.sliceWindow(), stage1Size, preprocess.stage1().sliceStep());
    List<SegmentationDataset.Series> series = SegmentationDataset.load(input, stage1, config.chunkDepth(), config.chunkDepth() / 2,
        line -> err.println("train-segmentation: " + line));
    Map<String, Integer> sizes = new LinkedHashMap<>();
    series.forEach(s -> sizes.merge(s.patientId(), s.chunks().size(), Integer::sum));
    if (sizes.size() < folds) {
      throw new UserInputException(input + ": " + sizes.size() + " patients with masks, fewer than " + folds + " folds");
    }
    Map<String, Integer> foldOf = GroupKFold.assign(sizes, folds);
    List<SegmentationSample> training = new ArrayList<>();
    List<SegmentationSample> validation = new ArrayList<>();
    for (SegmentationDataset.Series s : series) {
      (foldOf.get(s.patientId()) == fold ? validation : training).addAll(s.chunks());
    }
    err.printf("train-segmentation: %d training and %d validation chunks (fold %d of %d), %s model%n",
        training.size(), validation.size(), fold, folds, model);
    SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(epochs).optBatchSize(batchSize)
        .optLearningRate(learningRate).optSeed(seed).optListener(SegmentationTrainer.printingTo(err)).build();
    ObjectStore target = ObjectStore.at(output);
    Path staging = target instanceof LocalObjectStore local ? local.root() : Files.createTempDirectory("traumaflow-checkpoint");
    List<EpochReport> reports;
    try (SegmentationModel network = SegmentationModel.create(config, seed)) {
      reports = trainer.train(network, training, validation);
      SegmentationCheckpoint.save(staging, network);
    }
    AtomicFiles.write(staging.resolve(TRAINING_RECORD), new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(trainingRecord(foldOf, reports)));
    if (!(target instanceof LocalObjectStore)) {
      FolderTransfer.upload(staging, target);
    }
    err.println("train-segmentation: checkpoint written to " + output + " (folds and per-epoch metrics in " + TRAINING_RECORD + ")");
    return 0;
  }

  /** What the run did, beside the checkpoint: which patients were held out, and each epoch's metrics. */
  private Map<String, Object> trainingRecord(Map<String, Integer> foldOf, List<EpochReport> reports) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("model", model);
    record.put("folds", folds);
    record.put("validation_fold", fold);
    record.put("seed", seed);
    record.put("patient_folds", new java.util.TreeMap<>(foldOf));
    List<Map<String, Object>> epochs = new ArrayList<>();
    for (EpochReport report : reports) {
      Map<String, Object> epoch = new LinkedHashMap<>();
      epoch.put("epoch", report.epoch());
      epoch.put("mean_loss", report.meanLoss());
      if (report.validated()) {
        Map<String, Double> dice = new LinkedHashMap<>();
        for (Organ organ : Organ.values()) {
          dice.put(organ.name().toLowerCase(java.util.Locale.ROOT), report.dice(organ));
        }
        epoch.put("validation_dice", dice);
      }
      epochs.add(epoch);
    }
    record.put("epochs", epochs);
    return record;
  }

  private PreprocessSpec readSpec() {
    try {
      return spec == null ? PreprocessSpec.builtIn() : PreprocessSpec.read(spec);
    } catch (InvalidSpecException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
  }
}
