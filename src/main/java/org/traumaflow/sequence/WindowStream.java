package org.traumaflow.sequence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Windows as a {@link WindowSource} reads them, in the order asked for. For one thread; closing
 * it stops its background reads and frees what they read, also when a reader failed or the
 * caller stops early.
 */
public interface WindowStream extends AutoCloseable {
  boolean hasNext();

  /**
   * The next window, waiting while it is read.
   *
   * @throws IOException when reading it failed, naming the shard (and the file, where one is at fault)
   * @throws java.util.NoSuchElementException past the last window
   */
  SequenceSample next() throws IOException;

  /** The next {@code count} windows, or those left when fewer are. */
  default List<SequenceSample> next(int count) throws IOException {
    List<SequenceSample> windows = new ArrayList<>(count);
    while (windows.size() < count && hasNext()) {
      windows.add(next());
    }
    return windows;
  }

  @Override
  void close();
}
