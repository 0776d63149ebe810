package org.traumaflow.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.ToIntFunction;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.WindowRef;
import org.traumaflow.sequence.WindowSource;
import org.traumaflow.sequence.WindowStream;

/**
 * Windows held in a list as a {@link WindowSource}, as the trainer took them before it read
 * datasets shard by shard: the reference the streaming path is compared with, and the easy way to
 * train on a few generated windows. A read returns the list's own objects, so a test can change a
 * window between epochs.
 */
public final class InMemoryWindows implements WindowSource {
  private final List<SequenceSample> windows;
  private final List<WindowRef> refs;

  private InMemoryWindows(List<SequenceSample> windows, ToIntFunction<SequenceSample> shardOf) {
    this.windows = List.copyOf(windows);
    this.refs = windows.stream().map(w -> WindowRef.of(shardOf.applyAsInt(w), 0, w.patientId(), w.variant(), w.targets())).toList();
  }

  /** {@code windows} as one shard: an epoch's order is the sampler's draw as it is. */
  public static InMemoryWindows of(List<SequenceSample> windows) {
    return new InMemoryWindows(windows, w -> 0);
  }

  /** {@code windows}, each in the shard {@code shardOf} says: the blocks a dataset with those shards would give. */
  public static InMemoryWindows inShards(List<SequenceSample> windows, ToIntFunction<SequenceSample> shardOf) {
    return new InMemoryWindows(windows, shardOf);
  }

  /** What a dataset's index says of {@code window}. */
  public static WindowRef ref(SequenceSample window) {
    return of(List.of(window)).refs().get(0);
  }

  @Override
  public List<WindowRef> refs() {
    return refs;
  }

  @Override
  public WindowStream read(List<List<Integer>> blocks) {
    List<Integer> order = new ArrayList<>();
    blocks.forEach(order::addAll);
    return new WindowStream() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < order.size();
      }

      @Override
      public SequenceSample next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return windows.get(order.get(next++));
      }

      @Override
      public void close() {}
    };
  }
}
