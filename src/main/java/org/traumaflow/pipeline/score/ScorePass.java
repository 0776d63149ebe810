package org.traumaflow.pipeline.score;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.storage.Sha256;

/**
 * What one pipeline run of {@code traumaflow score} does. The direct runner runs each step over
 * its whole input before the next starts, so every series read in a run is held until it is
 * scored; {@link ScoreInPasses} bounds that by scoring at most so many series per run, each
 * recorded in the ledger, and lets the last run carry them all over into the published files.
 *
 * @param series the series ({@link SeriesRef#key()}) this run sets out to score; null for every
 *     series the ledger does not carry over
 * @param publishes whether the run blends patients and writes the submission, predictions, dead
 *     letters and report; a run that does not only adds to the ledger
 * @param claim the output lock the job holds, checked before the run publishes (a run whose
 *     lock was taken over fails instead of overwriting the new owner's files); null when the job
 *     holds none (a Flex Template launch)
 */
public record ScorePass(Set<String> series, boolean publishes, OutputLock.Claim claim) {
  public ScorePass {
    series = series == null ? null : Set.copyOf(series);
  }

  /** This pass, publishing only while {@code held} is still the output's lock. */
  public ScorePass under(OutputLock.Claim held) {
    return new ScorePass(series, publishes, held);
  }

  /**
   * An id for this pass's files, the same whenever the same series are scored in a pass (a pass
   * run again after a crash overwrites its own letters rather than adding to them).
   */
  public String id() {
    return Sha256.hex(String.join("\n", new TreeSet<>(series)).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** One run that scores whatever the ledger does not carry over and publishes: the whole job at once. */
  public static ScorePass whole() {
    return new ScorePass(null, true, null);
  }

  /** A run that scores only {@code series} (those the ledger does not carry over) into the ledger. */
  public static ScorePass ledgerOnly(Set<String> series) {
    return new ScorePass(series, false, null);
  }

  /**
   * The last run of a job done in passes: it scores {@code series} and whatever else the ledger
   * does not carry over (series earlier passes could not score are tried again, so that their
   * dead letters are in this run's file), and publishes.
   */
  public static ScorePass last(Set<String> series) {
    return new ScorePass(series, true, null);
  }
}
