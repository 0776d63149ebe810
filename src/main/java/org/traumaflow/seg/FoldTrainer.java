package org.traumaflow.seg;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Trains one stage-1 model per fold (each on the other folds' patients, scored on its own) and
 * writes what {@link FoldSelection} keeps into a checkpoint: every fold model for
 * {@link FoldSelection#MEAN}, the one with the highest mean held-out Dice for
 * {@link FoldSelection#BEST}. Fold {@code k}'s weights are initialised from {@code seed + k}, so
 * the members differ even where their data overlap; a kept model is written as soon as it is
 * trained, so at most two models are held at a time.
 *
 * <pre>{@code
 * FoldTrainer.Outcome outcome = new FoldTrainer(trainer, config, seed, FoldSelection.MEAN, progress)
 *     .train(SegmentationFolds.of(series, 5), List.of(0, 1, 2, 3, 4), SegmentationCheckpoint.writer(dir, config));
 * }</pre>
 */
public final class FoldTrainer {
  private final SegmentationTrainer trainer;
  private final SegmentationConfig config;
  private final long seed;
  private final FoldSelection selection;
  private final Consumer<String> progress;

  /**
   * @param progress receives a line as each fold starts and ends (the trainer's listener has the
   *     epochs)
   */
  public FoldTrainer(SegmentationTrainer trainer, SegmentationConfig config, long seed, FoldSelection selection, Consumer<String> progress) {
    this.trainer = trainer;
    this.config = config;
    this.seed = seed;
    this.selection = selection;
    this.progress = progress;
  }

  /** One trained fold: its member record and its epochs. */
  public record TrainedFold(FoldMember member, List<EpochReport> epochs) {}

  /**
   * What the training gave.
   *
   * @param kept the checkpoint's folds, as written
   * @param trained every fold trained, in training order
   */
  public record Outcome(CheckpointFolds kept, List<TrainedFold> trained) {}

  /**
   * Trains {@code folds} (a subset of the split's, each at most once) and commits the checkpoint.
   */
  public Outcome train(SegmentationFolds split, List<Integer> folds, SegmentationCheckpoint.Writer checkpoint) throws IOException {
    if (folds.isEmpty() || folds.stream().distinct().count() != folds.size()) {
      throw new IllegalArgumentException("folds to train must be distinct and at least one, got " + folds);
    }
    List<TrainedFold> trained = new ArrayList<>();
    SegmentationModel best = null;
    FoldMember bestMember = null;
    try {
      for (int fold : folds) {
        List<SegmentationSample> training = split.training(fold);
        List<SegmentationSample> heldOut = split.heldOut(fold);
        progress.accept(String.format(java.util.Locale.ROOT, "fold %d of %d: %d training and %d held-out chunks",
            fold, split.folds(), training.size(), heldOut.size()));
        SegmentationModel model = SegmentationModel.create(config, seed + fold);
        try {
          List<EpochReport> epochs = trainer.train(model, training, heldOut);
          FoldMember member = FoldMember.of(fold, epochs.get(epochs.size() - 1).validationDice());
          trained.add(new TrainedFold(member, epochs));
          progress.accept(String.format(java.util.Locale.ROOT, "fold %d: mean held-out Dice %.3f", fold, member.meanDice()));
          if (selection == FoldSelection.MEAN) {
            checkpoint.add(member, model);
          } else if (bestMember == null || member.meanDice() > bestMember.meanDice()) {
            SegmentationModel replaced = best;
            best = model;
            bestMember = member;
            model = replaced;
          }
        } finally {
          if (model != null) {
            model.close();
          }
        }
      }
      if (selection == FoldSelection.BEST) {
        checkpoint.add(bestMember, best);
        progress.accept("kept fold " + bestMember.fold() + ", the best by mean held-out Dice");
      }
    } finally {
      if (best != null) {
        best.close();
      }
    }
    return new Outcome(checkpoint.commit(selection, split.folds()), trained);
  }
}
