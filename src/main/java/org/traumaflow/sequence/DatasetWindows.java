package org.traumaflow.sequence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * Some windows of a stage-2 dataset (local or in object storage) as a {@link WindowSource}: the
 * refs are held, the windows read shard by shard when a {@link #read} reaches them, every shard's
 * files checked against the manifest as {@link SequenceDatasetReader#readShard} does.
 *
 * <p>A read takes each block's shards in the order their first window appears in it, reading
 * {@value #READ_THREADS} shards at a time and at most {@value #SHARDS_AHEAD} ahead on background
 * threads ({@link ShardReadAhead}), and keeps of each shard only the windows the block asks for
 * ({@link SequenceDatasetReader#readShard(int, java.util.function.IntPredicate)}: the others are
 * checked as they stream past, never held).
 * While the windows of one block are returned, the shards of the next are read and taken as they
 * arrive, so reading goes on during training, and none of the block after: a read holds at most
 * two blocks' windows (and the shards its threads are decoding), whatever the dataset's size.
 */
public final class DatasetWindows implements WindowSource {
  /** Shards read at once: reading and checking a shard costs about as much as training on it, on a CPU. */
  static final int READ_THREADS = 2;
  /** Shards read but not yet taken, at most. */
  static final int SHARDS_AHEAD = 4;

  private final SequenceDatasetReader dataset;
  private final List<WindowRef> refs;

  /** The windows of {@code dataset} that {@code refs} (from {@link SequenceDatasetReader#refs()}) name, in that order. */
  public DatasetWindows(SequenceDatasetReader dataset, List<WindowRef> refs) {
    this.dataset = dataset;
    this.refs = List.copyOf(refs);
  }

  @Override
  public List<WindowRef> refs() {
    return refs;
  }

  @Override
  public WindowStream read(List<List<Integer>> blocks) {
    return new BlockStream(blocks);
  }

  /** One read: the blocks' shards in order through one read-ahead. */
  private final class BlockStream implements WindowStream {
    private final List<List<Integer>> blocks;
    /** Every shard once, in the order the blocks take them. */
    private final List<Integer> shardOrder = new ArrayList<>();
    /** Per block, where its shards end in {@link #shardOrder}. */
    private final int[] blockEnds;
    private final int windows;
    private final ShardReadAhead<SortedMap<Integer, SequenceSample>> shards;
    /** Shards taken and not yet made into a block, by shard: the next block's, as they arrive. */
    private final Map<Integer, SortedMap<Integer, SequenceSample>> taken = new HashMap<>();
    private List<SequenceSample> current = List.of();
    private int block = -1;
    private int position;
    private int returned;
    /** Shards taken from the read-ahead so far. */
    private int shardsTaken;
    /** A next block's shard whose read failed while this block was returned: thrown when that block is reached. */
    private IOException failedAhead;

    BlockStream(List<List<Integer>> blocks) {
      this.blocks = blocks;
      this.blockEnds = new int[blocks.size()];
      Map<Integer, Set<Integer>> offsetsOfShard = new HashMap<>();
      for (int b = 0; b < blocks.size(); b++) {
        Map<Integer, Set<Integer>> offsets = new LinkedHashMap<>();
        for (int p : blocks.get(b)) {
          WindowRef ref = refs.get(p);
          offsets.computeIfAbsent(ref.shard(), s -> new HashSet<>()).add(ref.offset());
        }
        for (Map.Entry<Integer, Set<Integer>> shard : offsets.entrySet()) {
          if (offsetsOfShard.put(shard.getKey(), shard.getValue()) != null) {
            throw new IllegalArgumentException("shard " + shard.getKey() + " has windows in two blocks: it would be read twice");
          }
          shardOrder.add(shard.getKey());
        }
        blockEnds[b] = shardOrder.size();
      }
      this.windows = blocks.stream().mapToInt(List::size).sum();
      this.shards = new ShardReadAhead<>(dataset, shardOrder, shard -> dataset.readShard(shard, offsetsOfShard.get(shard)::contains),
          READ_THREADS, SHARDS_AHEAD);
      shards.allow(blocks.size() > 1 ? blockEnds[1] : shardOrder.size());
    }

    @Override
    public boolean hasNext() {
      return returned < windows;
    }

    @Override
    public SequenceSample next() throws IOException {
      if (!hasNext()) {
        throw new NoSuchElementException("all " + windows + " windows were read");
      }
      while (position == current.size()) {
        nextBlock();
      }
      // Taking the next block's shards as they arrive keeps the reading threads busy meanwhile.
      int nextBlockEnd = block + 1 < blocks.size() ? blockEnds[block + 1] : shardOrder.size();
      while (failedAhead == null && shardsTaken < nextBlockEnd && shards.nextIsReady()) {
        try {
          take();
        } catch (IOException e) {
          // The windows of this block were read fine: the caller gets them before the failure.
          failedAhead = e;
        }
      }
      SequenceSample window = current.get(position);
      // The stream holds no window it has returned.
      current.set(position++, null);
      returned++;
      return window;
    }

    private void nextBlock() throws IOException {
      block++;
      // The current block and the next: what the read may hold.
      shards.allow(block + 1 < blocks.size() ? blockEnds[block + 1] : shardOrder.size());
      while (shardsTaken < blockEnds[block]) {
        take();
      }
      List<SequenceSample> windows = new ArrayList<>(blocks.get(block).size());
      for (int p : blocks.get(block)) {
        WindowRef ref = refs.get(p);
        windows.add(taken.get(ref.shard()).get(ref.offset()));
      }
      shardOrder.subList(block == 0 ? 0 : blockEnds[block - 1], blockEnds[block]).forEach(taken::remove);
      current = windows;
      position = 0;
    }

    private void take() throws IOException {
      if (failedAhead != null) {
        throw failedAhead;
      }
      taken.put(shardOrder.get(shardsTaken), shards.next());
      shardsTaken++;
    }

    @Override
    public void close() {
      shards.close();
      taken.clear();
      current = List.of();
    }
  }
}
