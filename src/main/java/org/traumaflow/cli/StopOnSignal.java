package org.traumaflow.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.traumaflow.storage.OutputLock;

/**
 * A SIGTERM or SIGINT while a command writes its output: the pipeline is cancelled, the output
 * lock released and one line says so before the JVM exits with the signal's status (143 for
 * SIGTERM, 130 for SIGINT). Without it the JVM exits without running the command's finally
 * blocks: the lock stays behind (from another host it is reclaimed only after a day) and a
 * Dataflow job keeps running with no one waiting for it. Nothing needs undoing: every output is
 * written atomically, and a re-run carries over what the stopped run finished.
 *
 * <pre>{@code
 * try (OutputLock lock = ...; StopOnSignal stop = StopOnSignal.install("score", lock, err)) {
 *   PipelineResult result = stop.running(pipeline.run());
 *   result.waitUntilFinish();
 *   if (stop.signalled()) { return ...; }  // the hook has said what happened
 * }
 * }</pre>
 */
final class StopOnSignal implements AutoCloseable {
  /** How long a cancelled pipeline gets to stop before the JVM exits anyway (its writes are atomic). */
  private static final Duration CANCEL_WAIT = Duration.standardSeconds(30);

  private final String command;
  private final OutputLock lock;
  private final PrintWriter err;
  private final AtomicReference<PipelineResult> pipeline = new AtomicReference<>();
  private final Thread hook;
  private volatile boolean signalled;

  private StopOnSignal(String command, OutputLock lock, PrintWriter err) {
    this.command = command;
    this.lock = lock;
    this.err = err;
    this.hook = new Thread(this::stop, command + "-stop-on-signal");
  }

  /** Watches for a signal until {@link #close}. */
  static StopOnSignal install(String command, OutputLock lock, PrintWriter err) {
    StopOnSignal stop = new StopOnSignal(command, lock, err);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** The pipeline to cancel on a signal; cancelled at once if the signal came while it was being started. */
  PipelineResult running(PipelineResult result) {
    pipeline.set(result);
    if (signalled) {
      cancel(result);
    }
    return result;
  }

  /** Whether a signal stopped the command: the caller then reports nothing more. */
  boolean signalled() {
    return signalled;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The JVM is exiting: the hook runs (or ran) and releases the lock itself.
    }
  }

  private void stop() {
    signalled = true;
    PipelineResult result = pipeline.get();
    // An embedded runner (the direct runner, Flink's [local]) runs inside run() and returns no handle
    // until it is done: its pipeline stops with this process.
    String cancelled = result == null ? "the pipeline stops with this process" : cancel(result);
    String released;
    try {
      lock.close();
      released = "released the output lock";
    } catch (IOException | RuntimeException notReleased) {
      released = "could not release the output lock (" + notReleased.getMessage() + ")";
    }
    err.println(command + ": stopped by a signal; " + cancelled + ", " + released
        + "; every file written is complete; run the same command again to finish");
    err.flush();
  }

  private static String cancel(PipelineResult result) {
    try {
      result.cancel();
      PipelineResult.State state = result.waitUntilFinish(CANCEL_WAIT);
      return "pipeline " + (state == null ? "cancel requested" : state.toString().toLowerCase(java.util.Locale.ROOT));
    } catch (IOException | RuntimeException notCancelled) {
      // A runner that cannot cancel (an attached Flink job) stops with this JVM anyway.
      return "pipeline not cancelled (" + notCancelled.getClass().getSimpleName() + "), it stops with this process";
    }
  }
}
