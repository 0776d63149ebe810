package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.testing.ShardReaders;

/** Windows read shard by shard on background threads: what comes back, what a failure says, and that the threads end. */
class DatasetWindowsTest {
  private static final SequenceConfig CONFIG = SequenceConfig.method(16);

  @TempDir Path root;

  /** {@code count} seeded windows of patients 0, 1, 2, ...; every third one with a liver-injury run. */
  static List<SequenceSample> windows(int count, long seed) {
    Random random = new Random(seed);
    List<SequenceSample> windows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] images = new byte[SequenceSample.STEPS * SequenceSample.CHANNELS * CONFIG.size() * CONFIG.size()];
      random.nextBytes(images);
      float[] targets = new float[SequenceSample.STEPS * SliceTarget.COUNT];
      if (i % 3 == 0) {
        for (int step = 10; step < 16; step++) {
          targets[step * SliceTarget.COUNT + SliceTarget.LIVER_INJURY.ordinal()] = random.nextFloat();
        }
      }
      windows.add(new SequenceSample(i, "1." + i, i % 4 == 3 ? "theo" : "ours", 0, CONFIG.size(), new int[96], images, targets,
          CONFIG.maskSize(), new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT * CONFIG.maskSize() * CONFIG.maskSize()]));
    }
    return windows;
  }

  private SequenceDatasetReader write(List<SequenceSample> samples, int perShard) throws IOException {
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, CONFIG, perShard)) {
      for (SequenceSample sample : samples) {
        writer.write(sample);
      }
      writer.finish();
    }
    return SequenceDatasetReader.open(root);
  }

  private static List<SequenceSample> readAll(WindowSource source, List<List<Integer>> blocks) throws IOException {
    List<SequenceSample> read = new ArrayList<>();
    try (WindowStream windows = source.read(blocks)) {
      while (windows.hasNext()) {
        read.addAll(windows.next(3));
      }
    }
    return read;
  }


  @Test
  void theIndexSaysWhereEachWindowIsAndItsTargetMaximaWithoutReadingPixels() throws IOException {
    List<SequenceSample> samples = windows(10, 1);
    SequenceDatasetReader dataset = write(samples, 4);
    // The index never opens images.npy or masks.npy: with them gone, it still reads.
    for (int shard = 0; shard < dataset.shards(); shard++) {
      Files.delete(root.resolve(SequenceDatasetFormat.shardFile(shard, SequenceDatasetFormat.IMAGES)));
      Files.delete(root.resolve(SequenceDatasetFormat.shardFile(shard, SequenceDatasetFormat.MASKS)));
    }
    List<WindowRef> refs = dataset.refs();
    assertEquals(10, refs.size());
    for (int i = 0; i < 10; i++) {
      WindowRef ref = refs.get(i);
      assertEquals(i / 4, ref.shard());
      assertEquals(i % 4, ref.offset());
      assertEquals(samples.get(i).patientId(), ref.patientId());
      assertEquals(samples.get(i).variant(), ref.variant());
      assertArrayEquals(WindowRef.of(0, 0, 0, "", samples.get(i).targets()).maxTargets(), ref.maxTargets());
    }
    assertTrue(refs.get(0).maxTarget(SliceTarget.LIVER_INJURY) > 0 && refs.get(1).maxTarget(SliceTarget.LIVER_INJURY) == 0);
  }

  @Test
  void blocksOfAShuffledOrderReadBackAsTheWindowsInThatOrder() throws IOException {
    List<SequenceSample> samples = windows(23, 2);
    SequenceDatasetReader dataset = write(samples, 3);
    // The 'ours' windows, as a trainer of that variant holds them.
    List<WindowRef> ours = dataset.refs().stream().filter(r -> r.variant().equals("ours")).toList();
    DatasetWindows source = new DatasetWindows(dataset, ours);
    List<Integer> order = new ArrayList<>(IntStream.range(0, ours.size()).boxed().toList());
    java.util.Collections.shuffle(order, new Random(3));
    for (int maxWindows : new int[] {1, 4, 100}) {
      List<List<Integer>> blocks = WindowBlocks.group(order, ours, maxWindows);
      List<SequenceSample> expected = new ArrayList<>();
      blocks.forEach(b -> b.forEach(p -> expected.add(samples.get(3 * ours.get(p).shard() + ours.get(p).offset()))));
      assertEquals(expected, readAll(source, blocks), "blocks of " + maxWindows);
    }
    assertEquals(samples.stream().filter(s -> s.variant().equals("ours")).toList(), readAll(source, WindowBlocks.inOrder(ours)));
    assertEquals(0, ShardReaders.alive(), "a finished read leaves no thread");
  }

  @Test
  void aShardFileChangedAfterTheIndexWasReadFailsTheReadInTheReadingThreadNamingTheFile() throws IOException {
    SequenceDatasetReader dataset = write(windows(12, 4), 3);
    List<WindowRef> refs = dataset.refs();
    Path images = root.resolve("shards/shard-00002/images.npy");
    byte[] bytes = Files.readAllBytes(images);
    bytes[bytes.length - 1] ^= 1;
    Files.write(images, bytes);

    List<SequenceSample> before = new ArrayList<>();
    IOException e = assertThrows(IOException.class, () -> {
      try (WindowStream windows = new DatasetWindows(dataset, refs).read(WindowBlocks.inOrder(refs))) {
        while (windows.hasNext()) {
          before.add(windows.next());
          if (before.size() == 4) {
            // Gives shard 2's read time to fail while shard 1's windows are still to be returned.
            Thread.sleep(300);
          }
        }
      }
    });
    assertEquals(6, before.size(), "the shards before it were read");
    assertTrue(e.getMessage().startsWith("reading shard 2 (shards/shard-00002) failed: "), e.getMessage());
    assertTrue(e.getMessage().contains("shards/shard-00002/images.npy"), e.getMessage());
    assertEquals("shards/shard-00002/images.npy", assertInstanceOf(IntegrityException.class, e.getCause()).file());
    assertEquals(0, ShardReaders.alive(), "the reading threads stopped");
  }

  @Test
  void closingAStreamBeforeItsEndStopsItsReadingThreads() throws IOException {
    SequenceDatasetReader dataset = write(windows(30, 5), 2);
    List<WindowRef> refs = dataset.refs();
    try (WindowStream windows = new DatasetWindows(dataset, refs).read(WindowBlocks.inOrder(refs))) {
      windows.next();
      assertTrue(ShardReaders.alive() > 0, "it reads ahead");
    }
    assertEquals(0, ShardReaders.alive());
  }

  @Test
  void aShardSplitOverTwoBlocksIsRefused() throws IOException {
    SequenceDatasetReader dataset = write(windows(4, 6), 4);
    List<WindowRef> refs = dataset.refs();
    assertThrows(IllegalArgumentException.class, () -> new DatasetWindows(dataset, refs).read(List.of(List.of(0, 1), List.of(2, 3))));
  }

  @Test
  void theReadAheadReadsNoShardPastWhatItIsAllowed() throws IOException {
    SequenceDatasetReader dataset = write(windows(6, 8), 1);
    List<Integer> read = new CopyOnWriteArrayList<>();
    try (ShardReadAhead<Integer> shards = new ShardReadAhead<>(dataset, List.of(5, 4, 3, 2, 1, 0), shard -> {
      read.add(shard);
      return shard;
    }, 2, 4)) {
      shards.allow(2);
      assertEquals(5, shards.next());
      assertEquals(4, shards.next());
      assertThrows(IllegalStateException.class, shards::next);
    }
    assertEquals(Set.of(5, 4), Set.copyOf(read), "four may be read ahead, two are allowed");
  }

  @Test
  void aThreadInterruptedWhileItWaitsForAShardStopsTheReadAhead() throws Exception {
    SequenceDatasetReader dataset = write(windows(4, 7), 1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread taker = new Thread(() -> {
      try (ShardReadAhead<Integer> shards = new ShardReadAhead<>(dataset, List.of(0, 1, 2, 3), shard -> {
        try {
          never.await();
        } catch (InterruptedException e) {
          throw new InterruptedIOException("read interrupted");
        }
        return shard;
      }, 2, 2)) {
        shards.next();
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    taker.start();
    while (ShardReaders.alive() < 2) {
      Thread.sleep(10);
    }
    taker.interrupt();
    taker.join();
    assertInstanceOf(InterruptedIOException.class, thrown.get());
    assertTrue(thrown.get().getMessage().contains("shard 0 (shards/shard-00000)"), thrown.get().getMessage());
    assertEquals(0, ShardReaders.alive(), "the blocked reads were interrupted and their threads ended");
  }
}
