package org.traumaflow.pipeline.common;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The milliseconds each element spends in one step's own work, as a Beam distribution in
 * {@link #NAMESPACE} named after the step: a runner's metrics page shows each step's count, sum,
 * mean and max, which is where a slow stage shows, and {@code traumaflow bench score} splits a
 * run's time by step from the same figures. Only the step's work is timed, never its output
 * calls: on a fused stage an output runs the next steps in the same thread, and timing it would
 * count them twice.
 *
 * <pre>{@code
 * private final StepTime time = StepTime.of(StepTime.READ);
 * SeriesReadResult<CtSeries> read = time.measure(() -> SeriesReader.readTolerant(name, files, selection));
 * }</pre>
 */
public final class StepTime implements Serializable {
  /** The metrics namespace of every step's distribution. */
  public static final String NAMESPACE = "traumaflow.step-millis";
  public static final String DISCOVER = "discover";
  /** Reading a series and preprocessing it are one step: each slice is windowed as it is decoded. */
  public static final String READ = "read";
  public static final String SEGMENT = "segment";
  public static final String MONTAGE = "montage";
  public static final String MAKE_VOLUMES = "make-volumes";
  public static final String ENSEMBLE = "ensemble";
  public static final String LEDGER = "ledger";
  public static final String BLEND = "blend";
  public static final String SUBMISSION = "submission";

  private final Distribution millis;

  private StepTime(Distribution millis) {
    this.millis = millis;
  }

  /** The distribution of step {@code step}, one of this class's names. */
  public static StepTime of(String step) {
    return new StepTime(Metrics.distribution(NAMESPACE, step));
  }

  /** A step's work, which may throw what the step throws. */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code work} and records its wall time, also when it fails (failures cost time too). */
  public <T, E extends Exception> T measure(Work<T, E> work) throws E {
    long start = System.nanoTime();
    try {
      return work.run();
    } finally {
      millis.update((System.nanoTime() - start) / 1_000_000);
    }
  }
}
