package org.traumaflow.pipeline.series;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.traumaflow.pipeline.common.DeadLetter;

/**
 * When a run's dead letters are not per-series problems but one fault of the run: more than
 * {@code share} of the series it set out to score (and at least {@code minSeries} of them) dropped
 * at the same stage with the same error. Such a run gives most patients the fallback row, a
 * submission that looks fine; it is failed instead. Series left out by the selection rules
 * ({@code NotSelected}) and letters about a patient rather than a series do not count: an export
 * with many localizers is not a fault.
 *
 * @param share the largest share of the scored series that may fail the same way, in (0, 1]
 * @param minSeries fewer series than this are too few to tell a systematic fault from bad luck
 */
public record SystematicFailure(double share, int minSeries) {
  public static final double DEFAULT_SHARE = 0.5;
  public static final int DEFAULT_MIN_SERIES = 4;

  public SystematicFailure {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("the systematic failure share must be in (0, 1], got " + share);
    }
    if (minSeries < 1) {
      throw new IllegalArgumentException("the systematic failure's least number of series must be 1 or more, got " + minSeries);
    }
  }

  /**
   * @param letters the run's dead letters
   * @param seriesScored the series the run set out to score (carried-over ones not counted)
   * @return what failed, how often and the first reason, when the run failed systematically
   */
  public Optional<String> in(List<DeadLetter> letters, long seriesScored) {
    if (seriesScored < minSeries) {
      return Optional.empty();
    }
    Map<String, Set<String>> seriesByFault = new HashMap<>();
    Map<String, String> firstReason = new HashMap<>();
    for (DeadLetter letter : letters) {
      boolean aboutASeries = letter.item().contains("/");
      if (!letter.fatal() || !aboutASeries || letter.errorType().equals(ReadSeries.NOT_SELECTED)) {
        continue;
      }
      String fault = letter.stage() + " " + letter.errorType();
      seriesByFault.computeIfAbsent(fault, f -> new HashSet<>()).add(letter.item());
      firstReason.putIfAbsent(fault, letter.reason());
    }
    return seriesByFault.entrySet().stream()
        .filter(fault -> fault.getValue().size() > share * seriesScored)
        .max(Map.Entry.comparingByValue((a, b) -> Integer.compare(a.size(), b.size())))
        .map(fault -> fault.getValue().size() + " of " + seriesScored + " series failed the same way (" + fault.getKey() + ", e.g. "
            + firstReason.get(fault.getKey()) + "), more than the share of " + share + " allowed: a fault of the run, not of the series");
  }
}
