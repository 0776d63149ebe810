package org.traumaflow.seg;

import java.util.List;

/**
 * The fold models of one stage-1 checkpoint, all of one {@link SegmentationConfig}, and how they
 * combine ({@link CheckpointFolds}); closing it frees every model.
 */
public final class SegmentationEnsemble implements AutoCloseable {
  private final SegmentationConfig config;
  private final CheckpointFolds folds;
  private final List<SegmentationModel> models;

  /** Takes ownership of {@code models}, one per member of {@code folds}, in the same order. */
  public SegmentationEnsemble(CheckpointFolds folds, List<SegmentationModel> models) {
    if (models.isEmpty() || models.size() != folds.members().size()) {
      throw new IllegalArgumentException(folds.members().size() + " fold models listed, " + models.size() + " given");
    }
    this.config = models.get(0).config();
    for (SegmentationModel model : models) {
      if (!model.config().equals(config)) {
        throw new IllegalArgumentException("fold models of one checkpoint need one config: " + config + " and " + model.config());
      }
    }
    this.folds = folds;
    this.models = List.copyOf(models);
  }

  /** One model as a checkpoint of its own: fold 0 of 1, nothing held out. */
  public static SegmentationEnsemble of(SegmentationModel model) {
    return new SegmentationEnsemble(new CheckpointFolds(FoldSelection.MEAN, 1, List.of(new FoldMember(0, List.of()))), List.of(model));
  }

  public SegmentationConfig config() {
    return config;
  }

  public CheckpointFolds folds() {
    return folds;
  }

  public List<SegmentationModel> models() {
    return models;
  }

  @Override
  public void close() {
    models.forEach(SegmentationModel::close);
  }
}
