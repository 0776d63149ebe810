package org.traumaflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The most live heap seen while something runs: a background thread forces a full collection
 * every few milliseconds and reads the heap in use right after it, which is then (nearly) only
 * live objects. A peak of {@code peak heap used} counts garbage not yet collected; this does not.
 * The forced collections slow what runs, so timings are never taken under it.
 *
 * <pre>{@code
 * long before = LiveHeap.now();
 * try (LiveHeap sampler = LiveHeap.start(20)) {
 *   work();
 *   long inFlight = sampler.maximum() - before;
 * }
 * }</pre>
 */
public final class LiveHeap implements AutoCloseable {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final Thread thread;
  private volatile boolean running = true;
  private volatile long maximum;

  private LiveHeap(long intervalMillis) {
    thread = new Thread(() -> {
      while (running) {
        long live = now();
        maximum = Math.max(maximum, live);
        try {
          Thread.sleep(intervalMillis);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }, "live-heap-sampler");
    thread.setDaemon(true);
  }

  /** Starts sampling every {@code intervalMillis} (plus the collection's own time). */
  public static LiveHeap start(long intervalMillis) {
    LiveHeap sampler = new LiveHeap(intervalMillis);
    sampler.thread.start();
    return sampler;
  }

  /** Heap in use right after a full collection, in bytes. */
  public static long now() {
    System.gc();
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  /**
   * Stops sampling, takes one last sample (so that what the caller still holds counts) and
   * returns the most live heap seen, in bytes.
   */
  public long maximum() {
    stop();
    return Math.max(maximum, now());
  }

  private void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
