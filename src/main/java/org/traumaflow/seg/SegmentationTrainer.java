package org.traumaflow.seg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.traumaflow.nn.CosineSchedule;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.nn.FiniteStep;
import org.traumaflow.nn.MultilabelDice;
import org.traumaflow.nn.NonFiniteTrainingException;
import org.traumaflow.nn.ParameterUpdates;
import org.traumaflow.nn.TrainerBuilder;
import org.traumaflow.nn.TrainerSettings;

/**
 * Trains the stage-1 network (METHOD.md): multilabel Dice loss, AdamW (lr 5e-4, weight decay
 * 1e-6) with a cosine schedule from the base rate to 0 over all steps, seeded shuffling, and
 * every training chunk augmented ({@link ChunkAugmentation#standard()} unless told otherwise)
 * with draws seeded from the same seed; after every epoch, the mean training loss and the
 * validation Dice per organ go to the listener.
 *
 * <p>A hand loop over DJL's {@link GradientCollector}: every step runs in its own
 * {@link NDManager} under the model's, closed at the end of the step, so memory stays flat over
 * any number of steps. The PyTorch engine allows one collecting {@code GradientCollector} per
 * JVM, so only one training may run at a time in a process. Each step's loss and gradients are
 * checked before its update ({@link FiniteStep}): a non-finite step stops the training.
 *
 * <pre>{@code
 * SegmentationTrainer trainer = SegmentationTrainer.builder()
 *     .optEpochs(20).optBatchSize(4).optSeed(7)
 *     .optListener(SegmentationTrainer.printingTo(new PrintWriter(System.out, true)))
 *     .build();
 * try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.method(), 7)) {
 *   trainer.train(model, trainingChunks, validationChunks);
 *   SegmentationCheckpoint.save(outDir, model);
 * }
 * }</pre>
 */
public final class SegmentationTrainer {
  private final TrainerSettings settings;
  private final Consumer<EpochReport> listener;
  private final ChunkAugmentation augmentation;

  private SegmentationTrainer(TrainerSettings settings, Consumer<EpochReport> listener, ChunkAugmentation augmentation) {
    this.settings = settings;
    this.listener = listener;
    this.augmentation = augmentation;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A listener that prints each epoch's {@link EpochReport#format() line} and flushes. */
  public static Consumer<EpochReport> printingTo(PrintWriter out) {
    return report -> {
      out.println(report.format());
      out.flush();
    };
  }

  public int epochs() {
    return settings.epochs();
  }

  public int batchSize() {
    return settings.batchSize();
  }

  /** Optimizer steps in one epoch over {@code samples} samples (the last batch may be smaller). */
  public int stepsPerEpoch(int samples) {
    return settings.stepsPerEpoch(samples);
  }

  /**
   * Trains {@code model} in place on {@code training} and scores it on {@code validation}
   * (which may be empty) after every epoch.
   *
   * @return one report per epoch
   * @throws NonFiniteTrainingException when a step's loss or gradients are not finite: the
   *     training stops before that step's update
   */
  public List<EpochReport> train(SegmentationModel model, List<SegmentationSample> training, List<SegmentationSample> validation) {
    SegmentationConfig config = model.config();
    if (training.isEmpty()) {
      throw new IllegalArgumentException("no training samples");
    }
    checkSamples(config, training, "training");
    checkSamples(config, validation, "validation");
    int steps = stepsPerEpoch(training.size());
    int epochs = settings.epochs();
    int batchSize = settings.batchSize();
    CosineSchedule schedule = CosineSchedule.of(settings.learningRate(), 0, epochs * steps);
    Optimizer optimizer = Optimizer.adamW().optLearningRateTracker(schedule).optWeightDecays(settings.weightDecay()).build();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < training.size(); i++) {
      order.add(i);
    }
    Random random = new Random(settings.seed());
    // A stream of its own, so switching augmentation off leaves the shuffling as it was.
    Random draws = new Random(~settings.seed());
    List<EpochReport> reports = new ArrayList<>();
    int update = 0;
    for (int epoch = 1; epoch <= epochs; epoch++) {
      Collections.shuffle(order, random);
      double lossSum = 0;
      for (int step = 0; step < steps; step++) {
        List<SegmentationSample> batch = new ArrayList<>();
        for (int i = step * batchSize; i < Math.min(training.size(), (step + 1) * batchSize); i++) {
          batch.add(augmentation.apply(training.get(order.get(i)), draws));
        }
        lossSum += trainStep(model, batch, optimizer, new EpochStep(epoch, step + 1));
        update++;
      }
      double[] dice = validation.isEmpty() ? new double[0] : validationDice(model, validation, batchSize);
      EpochReport report = new EpochReport(epoch, epochs, steps, lossSum / steps, schedule.getNewValue(update), dice);
      reports.add(report);
      listener.accept(report);
    }
    return reports;
  }

  /**
   * One forward, backward and AdamW update on {@code batch}; the batch's loss.
   *
   * @param at the step's place in its training, for the error a non-finite step raises
   * @throws NonFiniteTrainingException when the loss or a gradient is not finite; the update is
   *     not made
   */
  static float trainStep(SegmentationModel model, List<SegmentationSample> batch, Optimizer optimizer, EpochStep at) {
    Block block = model.block();
    float loss;
    try (NDManager step = model.model().getNDManager().newSubManager()) {
      try (GradientCollector collector = step.getEngine().newGradientCollector()) {
        NDList inputs = images(step, batch);
        NDArray targets = targets(step, batch);
        NDArray logits = block.forward(new ParameterStore(step, false), inputs, true).singletonOrThrow();
        NDArray value = MultilabelDice.loss(logits, targets, MultilabelDice.SMOOTH);
        collector.backward(value);
        loss = value.getFloat();
      }
      FiniteStep.require(step, block, loss, at, batch.stream().map(SegmentationSample::id).toList());
    }
    ParameterUpdates.apply(block, optimizer);
    return loss;
  }

  /**
   * Each {@link Organ}'s thresholded Dice over {@code samples}, from inference-mode forwards
   * (batch norm on its running statistics) in batches of {@code batchSize}.
   */
  public static double[] validationDice(SegmentationModel model, List<SegmentationSample> samples, int batchSize) {
    checkSamples(model.config(), samples, "validation");
    MultilabelDice.Score score = new MultilabelDice.Score(Organ.COUNT);
    for (int from = 0; from < samples.size(); from += batchSize) {
      List<SegmentationSample> batch = samples.subList(from, Math.min(samples.size(), from + batchSize));
      try (NDManager step = model.model().getNDManager().newSubManager()) {
        NDArray logits = model.block().forward(new ParameterStore(step, false), images(step, batch), false).singletonOrThrow();
        score.add(logits, targets(step, batch));
      }
    }
    return score.dice();
  }

  static NDList images(NDManager manager, List<SegmentationSample> batch) {
    SegmentationSample first = batch.get(0);
    int voxels = first.voxels();
    float[] data = new float[batch.size() * voxels];
    for (int i = 0; i < batch.size(); i++) {
      System.arraycopy(batch.get(i).image(), 0, data, i * voxels, voxels);
    }
    return new NDList(manager.create(data, new Shape(batch.size(), 1, first.depth(), first.height(), first.width())));
  }

  static NDArray targets(NDManager manager, List<SegmentationSample> batch) {
    SegmentationSample first = batch.get(0);
    int values = first.masks().length;
    float[] data = new float[batch.size() * values];
    for (int i = 0; i < batch.size(); i++) {
      byte[] masks = batch.get(i).masks();
      int base = i * values;
      for (int j = 0; j < values; j++) {
        data[base + j] = masks[j];
      }
    }
    return manager.create(data, new Shape(batch.size(), Organ.COUNT, first.depth(), first.height(), first.width()));
  }

  static void checkSamples(SegmentationConfig config, List<SegmentationSample> samples, String what) {
    if (config.outputs() != Organ.COUNT) {
      throw new IllegalArgumentException("the model predicts " + config.outputs() + " channels; training needs one per organ (" + Organ.COUNT + ")");
    }
    for (SegmentationSample s : samples) {
      if (s.depth() != config.chunkDepth() || s.height() != config.inputSize() || s.width() != config.inputSize()) {
        throw new IllegalArgumentException(
            what + " sample " + s + " does not match the model's " + config.chunkDepth() + " x " + config.inputSize() + " x " + config.inputSize() + " input");
      }
    }
  }

  /**
   * Builds a {@link SegmentationTrainer}; every value has the method's default: 10 epochs,
   * batch 4, learning rate 5e-4, weight decay 1e-6, the standard augmentation; the seed (2023)
   * seeds the shuffling and the augmentation.
   */
  public static final class Builder extends TrainerBuilder<Builder, EpochReport> {
    private ChunkAugmentation augmentation = ChunkAugmentation.standard();

    private Builder() {
      super(10, 4, 5e-4f, 1e-6f, 2023L);
    }

    /** The training chunks' augmentation; {@link ChunkAugmentation#NONE} trains them as they are. */
    public Builder optAugmentation(ChunkAugmentation augmentation) {
      this.augmentation = java.util.Objects.requireNonNull(augmentation, "augmentation");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    public SegmentationTrainer build() {
      return new SegmentationTrainer(settings(), listener(), augmentation);
    }
  }
}
