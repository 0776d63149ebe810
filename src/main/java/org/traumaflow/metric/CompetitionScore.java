package org.traumaflow.metric;

import java.util.LinkedHashMap;
import java.util.Map;

/** The metric's six weighted log losses (lower is better); {@link #mean()} is the competition score. */
public record CompetitionScore(double bowel, double extravasation, double kidney, double liver, double spleen, double anyInjury) {

  /** The competition score: the plain mean of the six losses, summed in the metric's order as numpy does. */
  public double mean() {
    return (bowel + extravasation + kidney + liver + spleen + anyInjury) / 6;
  }

  /** The six losses under the metric's names, in its order: bowel, extravasation, kidney, liver, spleen, any_injury. */
  public Map<String, Double> losses() {
    Map<String, Double> losses = new LinkedHashMap<>();
    losses.put(InjuryGroup.BOWEL.prefix(), bowel);
    losses.put(InjuryGroup.EXTRAVASATION.prefix(), extravasation);
    losses.put(InjuryGroup.KIDNEY.prefix(), kidney);
    losses.put(InjuryGroup.LIVER.prefix(), liver);
    losses.put(InjuryGroup.SPLEEN.prefix(), spleen);
    losses.put("any_injury", anyInjury);
    return losses;
  }
}
