package org.traumaflow.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.CropBox;

/** Series scores as the ensemble emits them, for the tests of the steps after it. */
public final class SeriesScores {
  /** The member of {@link #bowel}. */
  public static final String BOWEL_MEMBER = "bowel";

  private SeriesScores() {}

  /**
   * One bowel/extravasation member's score of a series: its study probabilities, and as its curve
   * two steps whose max they are.
   *
   * @param cropBox the series' crop box, or null as the ensemble emits it before it is recorded
   */
  public static SeriesScore bowel(String seriesId, double bowel, double extravasation, CropBox cropBox) {
    Map<SliceTarget, Double> study = new HashMap<>();
    study.put(SliceTarget.BOWEL, bowel);
    study.put(SliceTarget.EXTRAVASATION, extravasation);
    Map<SliceTarget, List<Float>> curves = new HashMap<>();
    curves.put(SliceTarget.BOWEL, List.of((float) bowel / 2, (float) bowel));
    curves.put(SliceTarget.EXTRAVASATION, List.of((float) extravasation, (float) extravasation / 2));
    return new SeriesScore(seriesId, Map.of(BOWEL_MEMBER, study), Map.of(BOWEL_MEMBER, curves), cropBox);
  }
}
