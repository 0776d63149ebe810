package org.traumaflow.sequence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * An order of windows cut into blocks that a {@link WindowSource} can read shard by shard with
 * bounded memory. Walking the order, a shard joins the current block where its first window in
 * the order appears, bringing all its windows in the order; a block is closed before the next new
 * shard once it holds {@code maxWindows} windows. Each block keeps its windows in their relative
 * order.
 *
 * <p>So the blocks hold the order's windows once each, a block at most {@code maxWindows} plus
 * one shard's windows. When the order fits in one block (at most {@code maxWindows} windows, or
 * all of one shard) the blocks read back as the order itself; otherwise each shard's windows move
 * up to where its first one is, which is what makes reading each shard once possible.
 */
public final class WindowBlocks {
  private WindowBlocks() {}

  /**
   * {@code order}'s windows (positions in {@code refs}) in blocks of about {@code maxWindows}.
   *
   * @throws IllegalArgumentException when {@code maxWindows} is below 1
   */
  public static List<List<Integer>> group(List<Integer> order, List<WindowRef> refs, int maxWindows) {
    if (maxWindows < 1) {
      throw new IllegalArgumentException("a block holds at least one window, got " + maxWindows);
    }
    Map<Integer, Integer> windowsOfShard = new HashMap<>();
    order.forEach(p -> windowsOfShard.merge(refs.get(p).shard(), 1, Integer::sum));
    Map<Integer, Integer> blockOfShard = new HashMap<>();
    int blocks = 0;
    int inBlock = 0;
    for (int position : order) {
      int shard = refs.get(position).shard();
      if (!blockOfShard.containsKey(shard)) {
        if (blocks == 0 || inBlock >= maxWindows) {
          blocks++;
          inBlock = 0;
        }
        blockOfShard.put(shard, blocks - 1);
        inBlock += windowsOfShard.get(shard);
      }
    }
    List<List<Integer>> result = new ArrayList<>(blocks);
    for (int b = 0; b < blocks; b++) {
      result.add(new ArrayList<>());
    }
    order.forEach(p -> result.get(blockOfShard.get(refs.get(p).shard())).add(p));
    return result;
  }

  /**
   * Every window of {@code refs}, a block per shard, for a pass such as a validation: in the refs'
   * order where each shard's windows are together, as a dataset's refs are.
   */
  public static List<List<Integer>> inOrder(List<WindowRef> refs) {
    return group(IntStream.range(0, refs.size()).boxed().toList(), refs, 1);
  }
}
