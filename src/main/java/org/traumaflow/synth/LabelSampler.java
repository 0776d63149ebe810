package org.traumaflow.synth;

import java.util.List;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;



/**
 * Draws patients' study-level labels with the real data's statistics. Injuries are correlated
 * in the real data (extravasation goes with high-grade spleen injury, kidney with liver, ...),
 * so the sampler draws whole label patterns from their joint frequencies rather than each organ
 * on its own: independent draws would overstate any_injury by about 3 points.
 */
public final class LabelSampler {

  /**
   * How often each label pattern occurs among the 3,147 patients of the released train.csv,
   * counted once from that file. A pattern's digits are bowel, extravasation (0 healthy,
   * 1 injury), kidney, liver, spleen (0 healthy, 1 low, 2 high).
   */
  private static final List<String> REAL_PATTERN_COUNTS = List.of(
      "00000:2292", "00010:178", "00001:146", "01000:97", "00002:81", "00100:64", "00020:31",
      "01002:31", "10000:29", "00200:18", "00011:11", "00110:11", "00210:11", "11000:11", "00102:8",
      "01010:8", "01020:8", "00012:7", "00202:7", "00021:6", "00101:6", "01200:6", "00120:5",
      "00201:4", "00211:4", "01001:4", "01100:4", "01120:4", "10010:4", "00111:3", "00220:3",
      "01012:3", "01102:3", "01202:3", "01210:3", "10011:3", "11001:3", "00022:2", "00212:2",
      "01110:2", "10001:2", "10002:2", "10112:2", "11010:2", "00221:1", "01011:1", "01021:1",
      "01101:1", "01112:1", "01201:1", "01222:1", "10012:1", "10101:1", "10200:1", "10211:1",
      "11012:1", "11200:1");

  private final PatientLabels[] patterns;
  private final double[] realWeights;
  private final double[] injuredWeights;
  private final boolean balanced;

  /**
   * @param balanced when true, half the patients are healthy and half injured (injured ones keep
   *     the real mix of injury patterns); otherwise the real prevalence (27% any_injury)
   */
  public LabelSampler(boolean balanced) {
    this.balanced = balanced;
    int n = REAL_PATTERN_COUNTS.size();
    patterns = new PatientLabels[n];
    realWeights = new double[n];
    injuredWeights = new double[n];
    for (int i = 0; i < n; i++) {
      String[] parts = REAL_PATTERN_COUNTS.get(i).split(":");
      patterns[i] = decode(parts[0]);
      realWeights[i] = Integer.parseInt(parts[1]);
      injuredWeights[i] = patterns[i].anyInjury() ? realWeights[i] : 0;
    }
  }

  /** One patient's labels, drawn from a stream seeded for that patient. */
  public PatientLabels sample(long seed) {
    return sample(new Rng(seed));
  }

  PatientLabels sample(Rng rng) {
    if (balanced) {
      return rng.chance(0.5) ? PatientLabels.HEALTHY : patterns[rng.weighted(injuredWeights)];
    }
    return patterns[rng.weighted(realWeights)];
  }

  private static PatientLabels decode(String digits) {
    Grade[] grades = Grade.values();
    return new PatientLabels(
        digits.charAt(0) == '1',
        digits.charAt(1) == '1',
        grades[digits.charAt(2) - '0'],
        grades[digits.charAt(3) - '0'],
        grades[digits.charAt(4) - '0']);
  }
}
