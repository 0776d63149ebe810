package org.traumaflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.traumaflow.nn.CosineSchedule;
import org.traumaflow.nn.EngineRandom;
import org.traumaflow.nn.EpochStep;
import org.traumaflow.nn.FiniteStep;
import org.traumaflow.nn.NonFiniteTrainingException;
import org.traumaflow.nn.ParameterUpdates;
import org.traumaflow.nn.TrainerBuilder;
import org.traumaflow.nn.TrainerSettings;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.WindowBlocks;
import org.traumaflow.sequence.WindowRef;
import org.traumaflow.sequence.WindowSource;
import org.traumaflow.sequence.WindowStream;

/**
 * Trains a stage-2 network (METHOD.md): {@link SequenceLoss}, AdamW with a linear warm-up and a
 * cosine decay to 0 over all steps, balanced sampling of injured and healthy windows each epoch
 * ({@link BalancedSampler}), the method's augmentations ({@link SequenceAugmentation}); after
 * every epoch, the mean training loss and the validation loss go to the listener and, when a
 * checkpoint folder is set, the model and the run's progress are saved there.
 *
 * <p>Randomness: the sample order and the augmentations of epoch {@code e} come from a Java
 * generator seeded by {@code (seed, e)}, and libtorch's generator (dropout) is reseeded from the
 * same pair at the start of the epoch; so on a CPU with one intra-op thread the same seed gives
 * the same run, and a resumed run draws what the uninterrupted one would have.
 *
 * <p>Data: the windows come from a {@link WindowSource}, which holds every window's
 * {@link WindowRef} and reads the windows when they are used, so a dataset far larger than memory
 * can be trained on. The epoch's order is a function of the refs and the seed alone: the sampler
 * draws it from the refs (patients, target maxima), then {@link WindowBlocks} cuts it into blocks
 * of about {@link Builder#optShuffleWindows shuffle-windows} windows in which each shard's windows
 * are together, so a source reads every shard once an epoch and holds about two blocks. When an
 * epoch's windows fit in one block, or all come from one shard (an in-memory list), the order is
 * the sampler's draw itself; beyond that a shard's windows train within one block, shuffled
 * among the block's other shards'. Fixing the order before reading is what makes a run give the
 * same result whichever source reads the same windows, and whatever the reading threads' timing.
 *
 * <p>Resuming ({@link Builder#optResume}): the newest complete {@code epoch-NNN} checkpoint in
 * the checkpoint folder gives the parameters, the epochs done and their reports; training goes on
 * from the next epoch with the learning-rate schedule where it was. AdamW's moment estimates are
 * not saved (they would double the checkpoint), so they start again from zero: the first updates
 * after a resume differ from those of an uninterrupted run. The plan (epochs, batch size, steps
 * per epoch, seed) must be the checkpoint's, else the resume is refused.
 *
 * <p>Gradient accumulation ({@link Builder#optAccumulateBatches}): a step's batch may be cut into
 * micro-batches of one size that run forward and backward one after the other, each loss scaled by
 * its share of the batch, so the gradients add up to the whole batch's before the one update. A
 * GPU then holds one micro-batch's activations, and the run is the spec's batch size all the
 * same (up to batch norm, whose statistics come from each micro-batch, as on several GPUs).
 *
 * <p>A hand loop over DJL's {@link GradientCollector}: every step runs in its own
 * {@link NDManager} under the model's, closed at the end of the step, so memory stays flat. The
 * PyTorch engine allows one collecting {@code GradientCollector} per JVM, so only one training
 * may run at a time in a process. Each step's loss and gradients are checked before its update
 * ({@link FiniteStep}): a non-finite step stops the training, so no checkpoint holds non-finite
 * parameters.
 *
 * <pre>{@code
 * SequenceTrainer trainer = SequenceTrainer.builder()
 *     .optEpochs(10).optBatchSize(4).optSeed(7)
 *     .optInjuredPatients(injured)
 *     .optCheckpointDir(runDir).optResume(true)
 *     .optListener(SequenceTrainer.printingTo(new PrintWriter(System.out, true)))
 *     .build();
 * try (SequenceModel model = SequenceModel.create(SequenceModelConfig.method(SequenceTask.ORGANS, EncoderName.EFFICIENTNET_V2_S), 7)) {
 *   List<SequenceEpochReport> history = trainer.train(model, new DatasetWindows(dataset, trainingRefs), new DatasetWindows(dataset, validationRefs));
 *   SequenceCheckpoint.save(outDir, model);
 * }
 * }</pre>
 */
public final class SequenceTrainer {

  private final TrainerSettings settings;
  private final int warmupEpochs;
  private final SequenceAugmentation augmentation = SequenceAugmentation.method();
  private final int shuffleWindows;
  private final int accumulateBatches;
  private final Set<Integer> injuredPatients;
  private final Path checkpointDir;
  private final boolean resume;
  private final Consumer<SequenceEpochReport> listener;

  private SequenceTrainer(Builder builder) {
    settings = builder.settings();
    listener = builder.listener();
    warmupEpochs = builder.warmupEpochs;
    shuffleWindows = builder.shuffleWindows;
    accumulateBatches = builder.accumulateBatches;
    injuredPatients = Set.copyOf(builder.injuredPatients);
    checkpointDir = builder.checkpointDir;
    resume = builder.resume;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A listener that prints each epoch's {@link SequenceEpochReport#format() line} and flushes. */
  public static Consumer<SequenceEpochReport> printingTo(PrintWriter out) {
    return report -> {
      out.println(report.format());
      out.flush();
    };
  }

  /**
   * Trains {@code model} in place on {@code training} and computes the loss on
   * {@code validation} (which may be empty) after every epoch.
   *
   * <p>Each epoch reads the windows it draws once, in its order (see the class comment); the
   * validation windows once per epoch, in their source's order. Windows of another size than the
   * model's input are refused when they are reached. The reads' background threads are stopped
   * whenever training stops, by a failure too.
   *
   * @return the reports of every epoch of the run, those of resumed epochs included
   * @throws IOException when a window cannot be read (naming its shard), a checkpoint cannot be
   *     written, or one to resume from cannot be read
   * @throws NonFiniteTrainingException when a step's loss or gradients are not finite: the
   *     training stops before that step's update, and the epoch is not saved
   */
  public List<SequenceEpochReport> train(SequenceModel model, WindowSource training, WindowSource validation) throws IOException {
    SequenceModelConfig config = model.config();
    List<WindowRef> refs = training.refs();
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("no training samples");
    }
    BalancedSampler sampler = new BalancedSampler(refs, config.task(), injuredPatients);
    int epochs = settings.epochs();
    int batchSize = settings.batchSize();
    long seed = settings.seed();
    int steps = settings.stepsPerEpoch(sampler.epochSize());
    TrainingProgress progress = new TrainingProgress(0, epochs, steps, batchSize, seed, List.of());
    if (resume) {
      progress = resumed(model, progress);
    }
    CosineSchedule schedule = CosineSchedule.of(settings.learningRate(), Math.min(warmupEpochs, epochs) * steps, epochs * steps);
    Optimizer optimizer = Optimizer.adamW()
        .optLearningRateTracker(schedule.resumedAfter(progress.stepsTaken()))
        .optWeightDecays(settings.weightDecay())
        .build();
    for (int epoch = progress.epoch() + 1; epoch <= epochs; epoch++) {
      long epochSeed = seed * 1_000_003L + epoch;
      int current = epoch;
      // Dropout draws from the engine's generator: held for the epoch, so the epoch repeats.
      double lossSum = EngineRandom.seeded(epochSeed, () -> {
        Random random = new Random(epochSeed);
        List<Integer> order = sampler.epoch(random);
        double sum = 0;
        try (WindowStream windows = training.read(WindowBlocks.group(order, refs, shuffleWindows))) {
          for (int step = 0; step < steps; step++) {
            sum += trainStep(model, augmentation.applyAll(windows.next(batchSize), random), accumulateBatches, optimizer,
                new EpochStep(current, step + 1));
          }
        }
        return sum;
      });
      double validationLoss = validation.refs().isEmpty() ? Double.NaN : validationLoss(model, validation, batchSize / accumulateBatches);
      SequenceEpochReport report = new SequenceEpochReport(epoch, epochs, steps, lossSum / steps, validationLoss, schedule.rate(epoch * steps));
      progress = progress.next(report);
      if (checkpointDir != null) {
        saveEpoch(model, progress);
      }
      listener.accept(report);
    }
    return progress.reports();
  }

  private TrainingProgress resumed(SequenceModel model, TrainingProgress plan) throws IOException {
    Optional<Path> latest = new EpochCheckpoints(checkpointDir).latest();
    if (latest.isEmpty()) {
      return plan;
    }
    TrainingProgress saved = SequenceCheckpoint.restore(latest.get(), model);
    if (saved.epochs() != plan.epochs() || saved.batchSize() != plan.batchSize()
        || saved.stepsPerEpoch() != plan.stepsPerEpoch() || saved.seed() != plan.seed()) {
      throw new IllegalArgumentException(
          "cannot resume " + latest.get() + ": it was trained for " + saved.epochs() + " epochs of " + saved.stepsPerEpoch() + " steps of "
              + saved.batchSize() + " with seed " + saved.seed() + ", this run plans " + plan.epochs() + " epochs of " + plan.stepsPerEpoch()
              + " steps of " + plan.batchSize() + " with seed " + plan.seed());
    }
    return saved;
  }

  /** Saves the epoch's checkpoint, then deletes the previous epoch's: only the newest is kept. */
  private void saveEpoch(SequenceModel model, TrainingProgress progress) throws IOException {
    EpochCheckpoints checkpoints = new EpochCheckpoints(checkpointDir);
    SequenceCheckpoint.save(checkpoints.folder(progress.epoch()), model, progress);
    checkpoints.deleteBefore(progress.epoch());
  }

  /**
   * One training-mode forward, backward and {@code optimizer} update on the whole of {@code batch}
   * (as given: no augmentation); the batch's loss. Public for benchmarks and custom loops;
   * {@link #train} is the way to train.
   *
   * @param at the step's place in its training, for the error a non-finite step raises
   * @throws NonFiniteTrainingException when the loss or a gradient is not finite; the update is
   *     not made
   */
  public static float trainStep(SequenceModel model, List<SequenceSample> batch, Optimizer optimizer, EpochStep at) {
    return trainStep(model, batch, 1, optimizer, at);
  }

  /**
   * One update on {@code batch} from {@code microBatches} consecutive parts of it, each taken
   * through a training-mode forward and backward in its own {@link NDManager}: each part's loss is
   * weighted by its share of the batch, so the gradients libtorch adds up are the batch's mean
   * loss's, and only one part's activations are held at a time. Batch norm's statistics and the
   * aux heads' Dice are then a part's, not the batch's, as in any gradient accumulation. The
   * update clears the gradients (DJL's AdamW does), ready for the next step.
   *
   * @return the batch's loss (the parts' weighted sum)
   * @throws NonFiniteTrainingException when the loss or a summed gradient is not finite; the update
   *     is not made
   */
  public static float trainStep(SequenceModel model, List<SequenceSample> batch, int microBatches, Optimizer optimizer, EpochStep at) {
    float loss = accumulateGradients(model, batch, microBatches);
    try (NDManager check = model.model().getNDManager().newSubManager()) {
      FiniteStep.require(check, model.block(), loss, at, batch.stream().map(SequenceSample::id).toList());
    }
    ParameterUpdates.apply(model.block(), optimizer);
    return loss;
  }

  /**
   * Adds {@code batch}'s gradients, from {@code microBatches} parts as {@link #trainStep} takes
   * them, to the parameters' gradients; the batch's loss. Visible for tests that compare the sums.
   */
  static float accumulateGradients(SequenceModel model, List<SequenceSample> batch, int microBatches) {
    if (microBatches < 1) {
      throw new IllegalArgumentException("a step takes at least one micro-batch, got " + microBatches);
    }
    // A short last batch of an epoch is cut into parts no larger than a full batch's.
    int partSize = (batch.size() + microBatches - 1) / microBatches;
    float loss = 0;
    for (int from = 0; from < batch.size(); from += partSize) {
      List<SequenceSample> part = batch.subList(from, Math.min(batch.size(), from + partSize));
      try (NDManager step = model.model().getNDManager().newSubManager();
          GradientCollector collector = step.getEngine().newGradientCollector()) {
        NDArray value = loss(model, step, part, true).mul((float) part.size() / batch.size());
        collector.backward(value);
        loss += value.getFloat();
      }
    }
    return loss;
  }

  /**
   * The mean loss over every window of {@code samples}, weighted by batch size, from
   * inference-mode forwards (batch norm on its running statistics, no dropout) in batches of
   * {@code batchSize} in the source's order.
   *
   * @throws IOException when a window cannot be read
   */
  public static double validationLoss(SequenceModel model, WindowSource samples, int batchSize) throws IOException {
    // A thread's grad mode starts on and a gradient collector restores it: on a pipeline's worker
    // thread the forwards would record a graph, which a TorchScript encoder's inference-mode
    // outputs cannot join.
    boolean recording = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (WindowStream windows = samples.read(WindowBlocks.inOrder(samples.refs()))) {
      double sum = 0;
      int count = 0;
      while (windows.hasNext()) {
        List<SequenceSample> batch = windows.next(batchSize);
        try (NDManager step = model.model().getNDManager().newSubManager()) {
          sum += loss(model, step, batch, false).getFloat() * batch.size();
        }
        count += batch.size();
      }
      return sum / count;
    } finally {
      JniUtils.setGradMode(recording);
    }
  }

  private static NDArray loss(SequenceModel model, NDManager manager, List<SequenceSample> batch, boolean training) {
    SequenceBatch arrays = SequenceBatch.of(manager, model.config(), batch);
    NDList outputs = model.block().forward(new ParameterStore(manager, false), new NDList(arrays.images()), training);
    return SequenceLoss.of(outputs, arrays, (float) model.config().auxLossWeight());
  }

  /**
   * Builds a {@link SequenceTrainer}. Defaults: 10 epochs (the method trains 9-12), batch 4, peak
   * learning rate 2e-4 (the method: 1e-4..4e-4), weight decay 1e-2 (PyTorch's AdamW default),
   * seed 2023, one warm-up epoch, the method's augmentations, blocks of
   * {@value #DEFAULT_SHUFFLE_WINDOWS} windows, no injured patients beyond the targets, no
   * checkpoints. The seed seeds the sampling, the augmentations and dropout, not the initial
   * weights (see {@link SequenceModel#create}).
   */
  public static final class Builder extends TrainerBuilder<Builder, SequenceEpochReport> {
    /**
     * About 500 MB of windows at 384 px, the windows of some 16 series: a batch mixes several
     * series, and the two blocks a read holds fit a 32 GB worker many times over.
     */
    public static final int DEFAULT_SHUFFLE_WINDOWS = 32;

    private int warmupEpochs = 1;
    private int shuffleWindows = DEFAULT_SHUFFLE_WINDOWS;
    private int accumulateBatches = 1;
    private Set<Integer> injuredPatients = Set.of();
    private Path checkpointDir;
    private boolean resume;

    private Builder() {
      super(10, 4, 2e-4f, 1e-2f, 2023L);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Epochs of linear learning-rate warm-up before the cosine decay. */
    public Builder optWarmupEpochs(int value) {
      warmupEpochs = value;
      return this;
    }

    /**
     * Windows per block of an epoch's order (see the class comment): the most windows a shard's
     * windows are shuffled among, and about half of what a read holds in memory.
     */
    public Builder optShuffleWindows(int value) {
      shuffleWindows = value;
      return this;
    }

    /**
     * Micro-batches each batch is cut into, their gradients added up before the update (see
     * {@link SequenceTrainer#trainStep(SequenceModel, List, int, Optimizer, EpochStep)}): a GPU
     * then holds one micro-batch's activations. The validation runs in micro-batches too.
     */
    public Builder optAccumulateBatches(int value) {
      accumulateBatches = value;
      return this;
    }

    /** Patients whose label for the task is injured: all their windows count as injured (see {@link BalancedSampler}). */
    public Builder optInjuredPatients(Set<Integer> value) {
      injuredPatients = value;
      return this;
    }

    /** Where each epoch's checkpoint goes ({@code epoch-NNN}, only the newest kept). */
    public Builder optCheckpointDir(Path value) {
      checkpointDir = value;
      return this;
    }

    /** Whether to go on from the newest epoch checkpoint in the checkpoint folder, when there is one. */
    public Builder optResume(boolean value) {
      resume = value;
      return this;
    }

    public SequenceTrainer build() {
      if (warmupEpochs < 0) {
        throw new IllegalArgumentException("warm-up epochs cannot be negative, got " + warmupEpochs);
      }
      if (shuffleWindows < 1) {
        throw new IllegalArgumentException("a block of the shuffle holds at least one window, got " + shuffleWindows);
      }
      if (accumulateBatches < 1 || batchSize % accumulateBatches != 0) {
        throw new IllegalArgumentException("a batch of " + batchSize + " cannot be cut into " + accumulateBatches + " micro-batches of one size");
      }
      if (injuredPatients == null) {
        throw new IllegalArgumentException("the injured patients cannot be null");
      }
      if (resume && checkpointDir == null) {
        throw new IllegalArgumentException("resuming needs a checkpoint folder");
      }
      return new SequenceTrainer(this);
    }
  }
}
