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
import java.util.stream.IntStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.traumaflow.pipeline.InvalidSpecException;
import org.traumaflow.pipeline.PreprocessSpec;
import org.traumaflow.seg.EpochReport;
import org.traumaflow.seg.Organ;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.FolderTransfer;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.seg.ChunkAugmentation;
import org.traumaflow.seg.FoldMember;
import org.traumaflow.seg.FoldSelection;
import org.traumaflow.seg.FoldTrainer;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationDataset;
import org.traumaflow.seg.SegmentationFolds;
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
      "segmentations/<series_id>.nii masks: one model per fold of patients (or only --fold), each",
      "scored on the patients it did not see, with flips, small rotations and zooms and intensity jitter",
      "unless --no-augment. Writes a checkpoint (config.json, folds.json, one parameters file per kept",
      "fold model, manifest.json with SHA-256) to OUTPUT; --fold-models says whether inference averages",
      "the fold models or the best one is kept. Prints one line per epoch: mean loss and held-out Dice per organ."
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

  @Option(names = "--folds", defaultValue = "5", description = "Folds of patients (GroupKFold; default ${DEFAULT-VALUE}); one model is trained per fold.")
  int folds;

  @Option(names = "--fold", description = "Train only this fold's model (0..folds-1), e.g. one per parallel worker; default: every fold.")
  Integer fold;

  @Option(names = "--fold-models", defaultValue = "mean",
      description = "mean: keep every fold model, inference averages their probabilities; best: keep the one with the highest mean held-out Dice (default ${DEFAULT-VALUE}).")
  String foldModels;

  @Option(names = "--no-augment", description = "Train on the chunks as they are, without the random flips, rotations, zooms and intensity jitter.")
  boolean noAugment;

  @Option(names = "--seed", defaultValue = "2023", description = "Seeds initialisation and shuffling (default ${DEFAULT-VALUE}).")
  long seed;

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = commandSpec.commandLine().getErr();
    if (folds < 2 || folds > SegmentationCheckpoint.MAX_FOLDS) {
      throw new UserInputException("--folds must be 2.." + SegmentationCheckpoint.MAX_FOLDS + ", got " + folds);
    }
    if (fold != null && (fold < 0 || fold >= folds)) {
      throw new UserInputException("--fold must be 0.." + (folds - 1) + ", got " + fold);
    }
    FoldSelection selection = switch (foldModels) {
      case "mean" -> FoldSelection.MEAN;
      case "best" -> FoldSelection.BEST;
      default -> throw new UserInputException("--fold-models must be mean or best, got " + foldModels);
    };
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
    SegmentationFolds split;
    try {
      split = SegmentationFolds.of(series, folds);
    } catch (IllegalArgumentException tooFew) {
      throw new UserInputException(input + ": " + tooFew.getMessage());
    }
    List<Integer> trained = fold != null ? List.of(fold) : IntStream.range(0, folds).boxed().toList();
    err.printf("train-segmentation: folds %s of %d, %s model, augmentation %s, fold models: %s%n",
        trained, folds, model, noAugment ? "off" : "on", foldModels);
    SegmentationTrainer trainer = SegmentationTrainer.builder().optEpochs(epochs).optBatchSize(batchSize)
        .optLearningRate(learningRate).optSeed(seed).optListener(SegmentationTrainer.printingTo(err))
        .optAugmentation(noAugment ? ChunkAugmentation.NONE : ChunkAugmentation.standard()).build();
    ObjectStore target = ObjectStore.at(output);
    Path staging = target instanceof LocalObjectStore local ? local.root() : Files.createTempDirectory("traumaflow-checkpoint");
    FoldTrainer.Outcome outcome = new FoldTrainer(trainer, config, seed, selection, line -> err.println("train-segmentation: " + line))
        .train(split, trained, SegmentationCheckpoint.writer(staging, config));
    AtomicFiles.write(staging.resolve(TRAINING_RECORD), new ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValueAsBytes(trainingRecord(split, outcome)));
    if (!(target instanceof LocalObjectStore)) {
      FolderTransfer.upload(staging, target);
    }
    err.println("train-segmentation: checkpoint written to " + output + " (folds and per-epoch metrics in " + TRAINING_RECORD + ")");
    return 0;
  }

  /** What the run did, beside the checkpoint: which patients each fold held out, and each fold's epochs. */
  private Map<String, Object> trainingRecord(SegmentationFolds split, FoldTrainer.Outcome outcome) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("model", model);
    record.put("folds", folds);
    record.put("fold_models", foldModels);
    record.put("augmentation", !noAugment);
    record.put("seed", seed);
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
          epoch.put("held_out_dice", perOrgan(report.validationDice()));
        }
        epochs.add(epoch);
      }
      entry.put("epochs", epochs);
      trained.add(entry);
    }
    record.put("trained", trained);
    return record;
  }

  private static Map<String, Double> perOrgan(double[] dice) {
    Map<String, Double> byOrgan = new LinkedHashMap<>();
    for (Organ organ : Organ.values()) {
      byOrgan.put(organ.name().toLowerCase(java.util.Locale.ROOT), dice[organ.channel()]);
    }
    return byOrgan;
  }

  private PreprocessSpec readSpec() {
    try {
      return spec == null ? PreprocessSpec.builtIn() : PreprocessSpec.read(spec);
    } catch (InvalidSpecException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
  }
}
