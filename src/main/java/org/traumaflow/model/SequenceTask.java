package org.traumaflow.model;

import java.util.List;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.WindowRef;

/**
 * What a stage-2 model predicts per slice triplet (METHOD.md, "Stage 2"): the organ models the
 * first ten {@link SliceTarget}s, the bowel/extravasation models {@link SliceTarget#BOWEL} and
 * {@link SliceTarget#EXTRAVASATION}. Output {@code i} of a model is {@code targets().get(i)}.
 */
public enum SequenceTask {
  ORGANS(List.of(SliceTarget.values()).subList(0, 10)),
  BOWEL_EXTRAVASATION(List.of(SliceTarget.BOWEL, SliceTarget.EXTRAVASATION));

  private final List<SliceTarget> targets;

  SequenceTask(List<SliceTarget> targets) {
    this.targets = List.copyOf(targets);
  }

  public List<SliceTarget> targets() {
    return targets;
  }

  /** Outputs per step. */
  public int outputs() {
    return targets.size();
  }

  /** The task's soft targets of {@code sample}, {@code [step][output]} flattened: {@code STEPS * outputs()} values. */
  public float[] targetsOf(SequenceSample sample) {
    float[] values = new float[SequenceSample.STEPS * outputs()];
    for (int step = 0; step < SequenceSample.STEPS; step++) {
      for (int i = 0; i < targets.size(); i++) {
        values[step * targets.size() + i] = sample.target(step, targets.get(i));
      }
    }
    return values;
  }

  /** The largest of the task's soft targets over all steps of {@code window}; NaN when one of them is. */
  public float maxTarget(WindowRef window) {
    float max = 0;
    for (SliceTarget target : targets) {
      max = Math.max(max, window.maxTarget(target));
    }
    return max;
  }
}
