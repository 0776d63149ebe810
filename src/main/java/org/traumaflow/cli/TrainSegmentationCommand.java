package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.pipeline.train.Stage1TrainingData;
import org.traumaflow.pipeline.train.TrainSegmentationPipeline;
import org.traumaflow.seg.SegmentationRun;
import org.traumaflow.spec.InvalidSpecException;
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
      "fold model, preprocess.yaml: the spec trained with, at --size if given; manifest.json with SHA-256) to OUTPUT; --fold-models says whether inference averages",
      "the fold models or the best one is kept. Prints one line per epoch: mean loss and held-out Dice per organ."
    })
final class TrainSegmentationCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "ROOT",
      description = "Dataset root in the competition layout: a folder or gs:// prefix (its masked series are copied to a local temporary folder).")
  String input;

  @Option(names = "--output", required = true, paramLabel = "LOCATION",
      description = "Checkpoint folder or gs://bucket/prefix to write (a gs:// checkpoint is staged locally, then uploaded with its manifest last).")
  String output;

  @Option(names = "--model", defaultValue = "method", description = "Network size: method (ResNet-18 3D U-Net) or tiny (for CPUs and tests). Default: ${DEFAULT-VALUE}.")
  String model;

  @Option(names = "--spec", paramLabel = "YAML", description = "Preprocessing spec giving the stage-1 input (a path or gs://); default: the built-in one.")
  String spec;

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
    SegmentationRun.Settings settings;
    try {
      settings = new SegmentationRun.Settings(model, size, epochs, batchSize, learningRate, folds, fold, seed,
          SegmentationRun.Settings.foldModels(foldModels), !noAugment);
    } catch (IllegalArgumentException outOfRange) {
      throw new UserInputException("--" + outOfRange.getMessage());
    }
    PreprocessSpecFile preprocess = readSpec();
    try (Stage1TrainingData data = Stage1TrainingData.of(input, Path.of(System.getProperty("java.io.tmpdir")))) {
      SegmentationRun training;
      try {
        training = TrainSegmentationPipeline.prepare(data.root(), preprocess, settings, err);
      } catch (IllegalArgumentException tooFewPatients) {
        throw new UserInputException(tooFewPatients.getMessage());
      }
      training.train(output, err);
    }
    return 0;
  }

  private PreprocessSpecFile readSpec() {
    try {
      return PreprocessSpecFile.given(spec);
    } catch (InvalidSpecException invalid) {
      throw new UserInputException(invalid.getMessage());
    }
  }
}
