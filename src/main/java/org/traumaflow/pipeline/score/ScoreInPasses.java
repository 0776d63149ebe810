package org.traumaflow.pipeline.score;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.PipelineResult;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;

/**
 * {@code traumaflow score}'s job in passes of at most so many series. The direct runner runs each
 * step over its whole input before the next one starts, so a run holds every series it reads
 * until it is scored: memory grows with the night's studies (about 170 MB for each 300-slice
 * 512 x 512 series). In passes it is bounded by the pass: a first pipeline lists the series the
 * ledger does not carry over ({@link ScorePipeline#plan}), each pass but the last scores its
 * share into the ledger ({@link ScorePass#ledgerOnly}), and the last scores the rest and
 * publishes, carrying over what the passes recorded. The files are those one run would write;
 * a crash between passes loses nothing the ledger holds.
 *
 * <pre>{@code
 * ScoreInPasses.Outcome done = ScoreInPasses.run(options, ensemble, 16, driver);
 * }</pre>
 */
public final class ScoreInPasses {
  /** Series per pass on the direct runner when the user does not say. */
  public static final int DIRECT_RUNNER_SERIES_PER_PASS = 16;

  /**
   * Sees each pipeline the job starts (to cancel it on a signal), says whether to stop, and names
   * the output lock the job holds.
   */
  public interface Driver {
    PipelineResult started(PipelineResult pipeline);

    boolean stopped();

    /** The output lock the job holds, checked before every pass and again before publishing; null for none. */
    OutputLock.Claim claim();
  }

  /**
   * How the job ended.
   *
   * @param state the state of the last pipeline run, which is the job's
   * @param counts the series the ledger carried over when the job started and those it set out to score
   * @param passes scoring pipelines run (the plan not counted)
   */
  public record Outcome(PipelineResult.State state, CheckLedger.Counts counts, int passes) {}

  private ScoreInPasses() {}

  /**
   * Series per pass: {@code requested} when given (0: one run for everything), else
   * {@link #DIRECT_RUNNER_SERIES_PER_PASS} on the direct runner and one run on runners that stream
   * each series through fused steps (Flink, Dataflow).
   */
  public static int seriesPerPass(ScoreOptions options, Integer requested) {
    if (requested != null) {
      if (requested < 0) {
        throw new IllegalArgumentException("series per pass must be 0 (all in one run) or more, got " + requested);
      }
      return requested;
    }
    return DirectRunner.class.isAssignableFrom(options.getRunner()) ? DIRECT_RUNNER_SERIES_PER_PASS : 0;
  }

  /** Runs the job, {@code seriesPerPass} series at a time (0: in one run), each pipeline seen by {@code driver}. */
  public static Outcome run(ScoreOptions options, ScoreInputs ensemble, int seriesPerPass, Driver driver)
      throws IOException {
    ObjectStore output = ObjectStore.at(options.getOutput());
    if (seriesPerPass == 0) {
      requireHeld(driver);
      PipelineResult whole = driver.started(ScorePipeline.run(options, ensemble, ScorePass.whole().under(driver.claim())));
      PipelineResult.State state = whole.waitUntilFinish();
      if (state == PipelineResult.State.DONE) {
        removePassFiles(output);
      }
      return new Outcome(state, CheckLedger.Counts.of(whole), 1);
    }
    PipelineResult planned = driver.started(ScorePipeline.plan(options, ensemble));
    PipelineResult.State state = planned.waitUntilFinish();
    CheckLedger.Counts counts = CheckLedger.Counts.of(planned);
    if (state != PipelineResult.State.DONE || driver.stopped()) {
      return new Outcome(state, counts, 0);
    }
    List<Set<String>> passes = split(readPlan(output), seriesPerPass);
    for (int i = 0; i < passes.size(); i++) {
      boolean last = i == passes.size() - 1;
      ScorePass pass = last ? ScorePass.last(passes.get(i)).under(driver.claim()) : ScorePass.ledgerOnly(passes.get(i));
      requireHeld(driver);
      state = driver.started(ScorePipeline.run(options, ensemble, pass)).waitUntilFinish();
      if (state != PipelineResult.State.DONE || driver.stopped()) {
        return new Outcome(state, counts, i + 1);
      }
    }
    removePassFiles(output);
    return new Outcome(state, counts, passes.size());
  }

  /** A job whose lock was taken over between passes stops there, before it scores or publishes more. */
  private static void requireHeld(Driver driver) throws IOException {
    if (driver.claim() != null) {
      driver.claim().requireHeld();
    }
  }

  /** Once a run has published, the plan and the passes' letters (now in its dead letters) have served. */
  private static void removePassFiles(ObjectStore output) throws IOException {
    for (String key : output.list("")) {
      if (key.startsWith(ScorePipeline.PASS_LETTERS) && key.endsWith(".jsonl")) {
        output.delete(key);
      }
    }
    output.delete(ScorePipeline.PLAN);
  }

  /** The plan's keys; a plan with none may leave no file, as a pipeline need not write an empty one. */
  private static List<String> readPlan(ObjectStore output) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> keys = new ArrayList<>();
    if (!output.exists(ScorePipeline.PLAN)) {
      return keys;
    }
    for (String line : new String(output.read(ScorePipeline.PLAN), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        keys.add(json.readValue(line, String.class));
      }
    }
    return keys;
  }

  /** Consecutive runs of the sorted keys; at least one (empty) pass, which publishes. */
  private static List<Set<String>> split(List<String> keys, int perPass) {
    List<Set<String>> passes = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += perPass) {
      passes.add(new LinkedHashSet<>(keys.subList(from, Math.min(keys.size(), from + perPass))));
    }
    if (passes.isEmpty()) {
      passes.add(Set.of());
    }
    return passes;
  }
}
