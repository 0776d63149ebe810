package org.traumaflow.sequence;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads shards in a given order on background threads and hands them over in that order, with at
 * most {@code ahead} of them read or being read but not yet taken, and none past what the taker
 * {@linkplain #allow allows}: what waits in memory is bounded by the shards' size, never by the
 * dataset's.
 *
 * <p>Threading: {@link #allow}, {@link #next} and {@link #nextIsReady} are for one taking thread; {@code next}
 * blocks until its shard is read. A read that fails is thrown by the {@code next} that reaches it,
 * in the taking thread, as an {@link IOException} naming the shard's folder (its cause the
 * reader's exception, whose message names the file). Interrupting the taking thread while it waits
 * closes the read-ahead. {@link #close} cancels every read not yet taken, interrupts the reading
 * threads, waits for them to end (for {@value #STOP_WAIT_SECONDS} s at most) and drops what they
 * read; the threads are daemons, so a read stuck in I/O never keeps the JVM alive.
 *
 * <pre>{@code
 * try (ShardReadAhead<List<SequenceSample>> shards = new ShardReadAhead<>(dataset, order, dataset::readShard, 2, 4)) {
 *   while (shards.hasNext()) {
 *     for (SequenceSample sample : shards.next()) { ... }
 *   }
 * }
 * }</pre>
 *
 * @param <T> what a read gives for a shard
 */
final class ShardReadAhead<T> implements AutoCloseable {
  /** Reads one shard; called on a reading thread. */
  @FunctionalInterface
  interface Read<T> {
    T read(int shard) throws IOException;
  }

  /** Long enough for a read to notice its interruption; a read stuck in I/O is left to end alone. */
  private static final long STOP_WAIT_SECONDS = 10;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final SequenceManifest manifest;
  private final List<Integer> shards;
  private final Read<T> read;
  private final int ahead;
  private final ExecutorService threads;
  private final List<Thread> started = new CopyOnWriteArrayList<>();
  private final ArrayDeque<Future<T>> pending = new ArrayDeque<>();
  private int submitted;
  private int allowed;
  private int taken;
  private boolean closed;

  /**
   * Starts reading {@code shards} (numbers in {@code dataset}'s manifest, in the order they will be
   * taken) with {@code read} on {@code threads} threads, {@code ahead} shards at most.
   */
  ShardReadAhead(SequenceDatasetReader dataset, List<Integer> shards, Read<T> read, int threads, int ahead) {
    if (threads < 1 || ahead < threads) {
      throw new IllegalArgumentException("need a reading thread and a shard ahead per thread, got " + threads + " threads, " + ahead + " ahead");
    }
    this.manifest = dataset.manifest();
    this.shards = List.copyOf(shards);
    this.read = read;
    this.ahead = ahead;
    this.allowed = shards.size();
    int pool = POOLS.incrementAndGet();
    this.threads = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "shard-reader-" + pool + "-" + (started.size() + 1));
      thread.setDaemon(true);
      started.add(thread);
      return thread;
    });
  }

  /**
   * Starts reading, the first {@code count} shards of the order only (at most {@code ahead} of them
   * past the last taken) until a later call allows more. Without a call, reading starts at the
   * first {@link #next} and may go to the end.
   */
  void allow(int count) {
    allowed = Math.min(count, shards.size());
    fill();
  }

  boolean hasNext() {
    return taken < shards.size();
  }

  /** Whether {@link #next} would return without waiting. */
  boolean nextIsReady() {
    return !pending.isEmpty() && pending.peek().isDone();
  }

  /**
   * The next shard's read, waiting for it.
   *
   * @throws IOException naming the shard when its read failed
   * @throws InterruptedIOException when the thread was interrupted while it waited (the
   *     read-ahead is then closed and the interrupt flag kept)
   * @throws IllegalStateException when the next shard is not allowed yet
   */
  T next() throws IOException {
    if (closed) {
      throw new IllegalStateException("the read-ahead is closed");
    }
    if (!hasNext()) {
      throw new NoSuchElementException("all " + shards.size() + " shards were taken");
    }
    if (taken >= allowed) {
      throw new IllegalStateException("shard " + taken + " of the order is not allowed yet");
    }
    int shard = shards.get(taken);
    fill();
    Future<T> head = pending.poll();
    taken++;
    T value;
    try {
      value = head.get();
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + describe(shard));
    } catch (ExecutionException e) {
      close();
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IOException("reading " + describe(shard) + " failed: " + e.getCause().getMessage(), e.getCause());
    }
    fill();
    return value;
  }

  /** Stops reading and drops what was read and not taken. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pending.forEach(f -> f.cancel(true));
    pending.clear();
    threads.shutdownNow();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
    try {
      for (Thread thread : started) {
        // Joined, not just terminated as the executor counts it: the threads are gone on return.
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void fill() {
    while (pending.size() < ahead && submitted < allowed && !closed) {
      int shard = shards.get(submitted++);
      pending.add(threads.submit(() -> read.read(shard)));
    }
  }

  private String describe(int shard) {
    return "shard " + shard + " (" + manifest.shards().get(shard).folder() + ")";
  }
}
