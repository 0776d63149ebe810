package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.traumaflow.label.SliceTarget;

class WindowBlocksTest {
  /** Windows 0..n-1, {@code perShard} consecutive ones a shard. */
  static List<WindowRef> refs(int n, int perShard) {
    return IntStream.range(0, n)
        .mapToObj(i -> new WindowRef(i / perShard, i % perShard, i, "ours", new float[SliceTarget.COUNT]))
        .toList();
  }

  static List<Integer> shuffled(int n, long seed) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  @Test
  void anOrderThatFitsOneBlockIsKeptAsItIs() {
    List<WindowRef> refs = refs(12, 3);
    List<Integer> order = shuffled(12, 1);
    assertEquals(List.of(order), WindowBlocks.group(order, refs, 12));
    assertEquals(List.of(order), WindowBlocks.group(order, refs(12, 12), 2), "all from one shard");
  }

  @Test
  void eachShardIsInOneBlockWithItsWindowsMovedUpToItsFirstAndBlocksStayNearTheirSize() {
    List<WindowRef> refs = refs(40, 3);
    // Balanced sampling draws some of the windows: blocks hold only those.
    List<Integer> order = shuffled(40, 2).subList(0, 30);
    List<List<Integer>> blocks = WindowBlocks.group(order, refs, 5);

    List<Integer> all = new ArrayList<>();
    blocks.forEach(all::addAll);
    assertEquals(new HashSet<>(order), new HashSet<>(all));
    assertEquals(order.size(), all.size(), "every drawn window once");
    Set<Integer> seen = new HashSet<>();
    for (List<Integer> block : blocks) {
      Set<Integer> shards = new HashSet<>();
      block.forEach(p -> shards.add(refs.get(p).shard()));
      assertTrue(shards.stream().noneMatch(seen::contains), "a shard in one block only: " + blocks);
      seen.addAll(shards);
      assertTrue(block.size() <= 5 + 3 - 1, "at most the budget and one shard less a window: " + block);
      List<Integer> relative = new ArrayList<>(order);
      relative.retainAll(block);
      assertEquals(relative, block, "a block keeps the order's relative order");
    }
    for (int b = 0; b + 1 < blocks.size(); b++) {
      assertTrue(blocks.get(b).size() >= 5, "only the last block is short: " + blocks);
    }
    // The blocks follow the order: the first window starts the first block, and a shard's block is that of its first window.
    assertEquals(order.get(0), blocks.get(0).get(0));
  }

  @Test
  void inOrderIsTheRefsOrderABlockPerShard() {
    List<WindowRef> refs = refs(7, 3);
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), WindowBlocks.inOrder(refs));
    assertEquals(List.of(), WindowBlocks.inOrder(List.of()));
  }

  @Test
  void aBlockOfNoWindowsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> WindowBlocks.group(List.of(0), refs(1, 1), 0));
  }
}
