package org.traumaflow.seg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.traumaflow.label.GroupKFold;

/**
 * The stage-1 training series split into folds by patient ({@link GroupKFold}, weighted by each
 * patient's chunks), so no patient's chunks are on both sides of a fold.
 */
public final class SegmentationFolds {
  private final List<SegmentationDataset.Series> series;
  private final Map<String, Integer> foldOf;
  private final int folds;

  private SegmentationFolds(List<SegmentationDataset.Series> series, Map<String, Integer> foldOf, int folds) {
    this.series = List.copyOf(series);
    this.foldOf = foldOf;
    this.folds = folds;
  }

  /**
   * @throws IllegalArgumentException when there are fewer than 2 folds or fewer patients than folds
   */
  public static SegmentationFolds of(List<SegmentationDataset.Series> series, int folds) {
    Map<String, Integer> chunks = new LinkedHashMap<>();
    series.forEach(s -> chunks.merge(s.patientId(), s.chunks().size(), Integer::sum));
    if (chunks.size() < folds) {
      throw new IllegalArgumentException(chunks.size() + " patients with masks, fewer than " + folds + " folds");
    }
    return new SegmentationFolds(series, new TreeMap<>(GroupKFold.assign(chunks, folds)), folds);
  }

  public int folds() {
    return folds;
  }

  /** Each patient's fold, by patient id. */
  public Map<String, Integer> patientFolds() {
    return foldOf;
  }

  /** The chunks of every patient outside {@code fold}. */
  public List<SegmentationSample> training(int fold) {
    return chunks(fold, false);
  }

  /** The chunks of {@code fold}'s patients. */
  public List<SegmentationSample> heldOut(int fold) {
    return chunks(fold, true);
  }

  private List<SegmentationSample> chunks(int fold, boolean inFold) {
    if (fold < 0 || fold >= folds) {
      throw new IllegalArgumentException("folds are 0.." + (folds - 1) + ", got " + fold);
    }
    List<SegmentationSample> out = new ArrayList<>();
    for (SegmentationDataset.Series s : series) {
      if ((foldOf.get(s.patientId()) == fold) == inFold) {
        out.addAll(s.chunks());
      }
    }
    return out;
  }
}
