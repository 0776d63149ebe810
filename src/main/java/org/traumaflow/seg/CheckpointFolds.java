package org.traumaflow.seg;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.traumaflow.storage.StrictJson;

/**
 * Which fold models a stage-1 checkpoint holds and how inference combines them; saved as
 * {@value SegmentationCheckpoint#FOLDS}.
 *
 * @param selection how the training chose its members
 * @param folds the folds the patients were split into
 * @param members the fold models kept, each saved as {@link SegmentationCheckpoint#parameters(int)}
 */
public record CheckpointFolds(FoldSelection selection, int folds, List<FoldMember> members) {

  public CheckpointFolds {
    if (selection == null || members == null || members.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint needs a fold selection and at least one fold model");
    }
    members = List.copyOf(members);
    if (folds < 1 || folds > SegmentationCheckpoint.MAX_FOLDS) {
      throw new IllegalArgumentException("folds must be 1.." + SegmentationCheckpoint.MAX_FOLDS + ", got " + folds);
    }
    Set<Integer> seen = new HashSet<>();
    for (FoldMember member : members) {
      if (member.fold() >= folds || !seen.add(member.fold())) {
        throw new IllegalArgumentException("fold models must be of distinct folds 0.." + (folds - 1) + ", got fold " + member.fold());
      }
    }
    if (selection == FoldSelection.BEST && members.size() != 1) {
      throw new IllegalArgumentException("a best-fold checkpoint keeps one fold model, got " + members.size());
    }
  }

  public String toJson() {
    return StrictJson.write(this);
  }

  public static CheckpointFolds fromJson(String json) {
    return StrictJson.read(json, CheckpointFolds.class, "checkpoint folds");
  }
}
