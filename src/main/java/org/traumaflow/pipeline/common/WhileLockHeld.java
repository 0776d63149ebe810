package org.traumaflow.pipeline.common;

import java.io.IOException;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.traumaflow.storage.OutputLock;

/**
 * Holds a run's results back until it has checked that it still owns its output's lock, so a run
 * whose lock was removed and taken by a second run fails instead of publishing over that run's
 * files ({@link OutputLock.LockLostException}).
 *
 * <pre>{@code
 * predictions.apply("Still the output's writer", WhileLockHeld.by(claim)).apply("Submission", ...);
 * }</pre>
 */
public final class WhileLockHeld<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final OutputLock.Claim claim;

  private WhileLockHeld(OutputLock.Claim claim) {
    this.claim = claim;
  }

  public static <T> WhileLockHeld<T> by(OutputLock.Claim claim) {
    return new WhileLockHeld<>(claim);
  }

  @Override
  public PCollection<T> expand(PCollection<T> results) {
    // Checked once all results are in, the moment before they are written.
    PCollection<Long> checked = results
        .apply("All results", Count.globally())
        .apply("Check the lock", ParDo.of(new CheckFn(claim)));
    return results.apply("After the check", Wait.on(checked)).setCoder(results.getCoder());
  }

  private static final class CheckFn extends DoFn<Long, Long> {
    private final OutputLock.Claim claim;

    CheckFn(OutputLock.Claim claim) {
      this.claim = claim;
    }

    @ProcessElement
    public void process(@Element Long count, OutputReceiver<Long> out) throws IOException {
      claim.requireHeld();
      out.output(count);
    }
  }
}
