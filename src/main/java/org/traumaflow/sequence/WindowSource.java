package org.traumaflow.sequence;

import java.io.IOException;
import java.util.List;

/**
 * The windows a training reads: every window's {@link WindowRef}, held in memory, and the windows
 * themselves, read on demand in an order the caller gives block by block ({@link WindowBlocks}).
 *
 * <pre>{@code
 * List<List<Integer>> blocks = WindowBlocks.group(order, source.refs(), 32);
 * try (WindowStream windows = source.read(blocks)) {
 *   while (windows.hasNext()) {
 *     List<SequenceSample> batch = windows.next(4);
 *   }
 * }
 * }</pre>
 */
public interface WindowSource {
  /** Every window's ref, in the source's fixed order; positions in this list name the windows. */
  List<WindowRef> refs();

  /**
   * The windows at the positions of {@code blocks}, block after block, each block's in its order.
   * Every window of one shard that is read must be in one block (as {@link WindowBlocks} makes
   * them): a source that reads shard by shard holds the block being returned and the next, never
   * the whole dataset. Close the stream to stop what it reads in the background.
   *
   * @throws IOException when reading cannot start
   */
  WindowStream read(List<List<Integer>> blocks) throws IOException;
}
