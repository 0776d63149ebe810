package org.traumaflow.sequence;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;

/**
 * Reads a stage-2 dataset written by {@link SequenceDatasetWriter} (or the pipeline's parallel
 * shard writers) from a local folder or an object store, one
 * shard at a time: each shard's files are checked against the manifest's sizes and SHA-256
 * before any of their samples is returned, so a changed or truncated file is refused with a
 * {@link IntegrityException} naming it.
 *
 * <pre>{@code
 * SequenceDatasetReader dataset = SequenceDatasetReader.open(root);
 * for (int shard = 0; shard < dataset.shards(); shard++) {
 *   for (SequenceSample sample : dataset.readShard(shard)) { ... }
 * }
 * }</pre>
 *
 * <p>A trainer reads the index first ({@link #refs()}: where each window is, whose it is, its
 * targets' maxima, from the small index and target files alone) and the windows later, as it uses
 * them ({@link DatasetWindows}).
 */
public final class SequenceDatasetReader {
  /** Shards whose index files are read at once by {@link #refs()}. */
  private static final int INDEX_THREADS = 8;

  private final ObjectStore root;
  private final SequenceManifest manifest;

  private SequenceDatasetReader(ObjectStore root, SequenceManifest manifest) {
    this.root = root;
    this.manifest = manifest;
  }

  /**
   * Opens the dataset in {@code root} by reading its manifest.
   *
   * @throws IntegrityException when the manifest is missing (an unfinished dataset),
   *     unreadable, of another format, or its config does not match its config hash
   */
  public static SequenceDatasetReader open(Path root) throws IOException {
    return open(new LocalObjectStore(root));
  }

  /** Opens the dataset stored under {@code root} (see {@link #open(Path)}). */
  public static SequenceDatasetReader open(ObjectStore root) throws IOException {
    byte[] bytes;
    try {
      bytes = root.read(SequenceDatasetFormat.MANIFEST);
    } catch (NoSuchFileException e) {
      throw new IntegrityException(SequenceDatasetFormat.MANIFEST, "missing: " + root + " is not a finished dataset", e);
    }
    return new SequenceDatasetReader(root, SequenceDatasetFormat.decodeManifest(bytes));
  }

  public SequenceManifest manifest() {
    return manifest;
  }

  public SequenceConfig config() {
    return manifest.config();
  }

  public int shards() {
    return manifest.shards().size();
  }

  /**
   * The samples of shard {@code shard}, in the order they were written, after checking its
   * files.
   *
   * @throws IntegrityException when a file is missing, is not where this format puts it,
   *     or differs from the manifest in size or SHA-256, or its content does not fit the config
   */
  public List<SequenceSample> readShard(int shard) throws IOException {
    return List.copyOf(readShard(shard, offset -> true).values());
  }

  /**
   * The samples of shard {@code shard} at the offsets {@code keep} accepts, by offset, after
   * checking all its files as {@link #readShard(int)} does. The images and masks are checked as
   * they stream past, and only the samples kept are held: reading a shard for a few of its
   * windows costs the memory of those windows.
   */
  public SortedMap<Integer, SequenceSample> readShard(int shard, IntPredicate keep) throws IOException {
    byte[] index = shardFile(shard, SequenceDatasetFormat.INDEX);
    byte[] targets = shardFile(shard, SequenceDatasetFormat.TARGETS);
    try (CheckedStream images = open(listed(shard, SequenceDatasetFormat.IMAGES));
        CheckedStream masks = open(listed(shard, SequenceDatasetFormat.MASKS))) {
      SortedMap<Integer, SequenceSample> samples = SequenceDatasetFormat.decodeShard(shard, index, targets, images, masks,
          manifest.shards().get(shard).samples(), config(), keep);
      // Nothing read is returned before each file proves to be the one the manifest lists.
      images.verify();
      masks.verify();
      return samples;
    }
  }

  /**
   * What the index of shard {@code shard} says of each of its samples, in the order they were
   * written, after checking the two files it comes from ({@value SequenceDatasetFormat#INDEX} and
   * {@value SequenceDatasetFormat#TARGETS}); the images and masks are not read.
   *
   * @throws IntegrityException as {@link #readShard} does, for those two files
   */
  public List<WindowRef> readRefs(int shard) throws IOException {
    return SequenceDatasetFormat.decodeRefs(shard, shardFile(shard, SequenceDatasetFormat.INDEX),
        shardFile(shard, SequenceDatasetFormat.TARGETS), manifest.shards().get(shard).samples());
  }

  /**
   * Every sample's {@link WindowRef}, shard by shard ({@link #readRefs}): the dataset's index, of a
   * few dozen bytes a window. The shards' small files are read {@value #INDEX_THREADS} at a time,
   * as a bucket answers each request after a round trip.
   */
  public List<WindowRef> refs() throws IOException {
    List<WindowRef> refs = new ArrayList<>();
    try (ShardReadAhead<List<WindowRef>> shards = new ShardReadAhead<>(this, IntStream.range(0, shards()).boxed().toList(),
        this::readRefs, INDEX_THREADS, 2 * INDEX_THREADS)) {
      while (shards.hasNext()) {
        refs.addAll(shards.next());
      }
    }
    return refs;
  }

  /**
   * Every sample, shard by shard, holding one shard in memory at a time. A shard that fails its
   * check ends the stream with an {@link UncheckedIOException} whose cause is the
   * {@link IntegrityException}.
   */
  public Stream<SequenceSample> samples() {
    return IntStream.range(0, shards()).boxed().flatMap(shard -> {
      try {
        return readShard(shard).stream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The bytes of file {@code name} of shard {@code shard}, checked against the manifest. */
  private byte[] shardFile(int shard, String name) throws IOException {
    return verified(listed(shard, name));
  }

  /** The manifest's entry for file {@code name} of shard {@code shard}, where this format puts it. */
  private SequenceManifest.ShardFile listed(int shard, String name) throws IntegrityException {
    SequenceManifest.Shard entry = manifest.shards().get(shard);
    if (entry.files().size() != SequenceDatasetFormat.SHARD_FILES.size()) {
      throw new IntegrityException(SequenceDatasetFormat.MANIFEST, "shard " + shard + " lists " + entry.files().size()
          + " files, the format has " + SequenceDatasetFormat.SHARD_FILES);
    }
    SequenceManifest.ShardFile file = entry.files().get(SequenceDatasetFormat.SHARD_FILES.indexOf(name));
    // Only the format's own paths are read: a manifest cannot point the reader elsewhere.
    if (!SequenceDatasetFormat.isShardFolder(entry.folder()) || !file.path().equals(entry.folder() + "/" + name)) {
      throw new IntegrityException(file.path(), "not a file of shard " + shard + " in this format");
    }
    return file;
  }

  private CheckedStream open(SequenceManifest.ShardFile file) throws IOException {
    try {
      return new CheckedStream(file, root.open(file.path()));
    } catch (NoSuchFileException e) {
      throw new IntegrityException(file.path(), "listed in the manifest but missing", e);
    }
  }

  private byte[] verified(SequenceManifest.ShardFile file) throws IOException {
    byte[] bytes;
    try {
      bytes = root.read(file.path());
    } catch (NoSuchFileException e) {
      throw new IntegrityException(file.path(), "listed in the manifest but missing", e);
    }
    if (bytes.length != file.bytes()) {
      throw new IntegrityException(file.path(), bytes.length + " bytes, the manifest says " + file.bytes());
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equals(file.sha256())) {
      throw new IntegrityException(file.path(), "SHA-256 " + actual + " differs from the manifest's " + file.sha256());
    }
    return bytes;
  }
  /**
   * A shard file's bytes as they are read, counted and hashed: reading past the size the manifest
   * gives, or to an end short of it, fails at once; {@link #verify} reads what is left and compares
   * the SHA-256. Skipped bytes are read and hashed too.
   */
  private static final class CheckedStream extends FilterInputStream {
    private final SequenceManifest.ShardFile file;
    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    CheckedStream(SequenceManifest.ShardFile file, InputStream in) {
      super(new BufferedInputStream(in, 1 << 16));
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n == -1) {
        if (count != file.bytes()) {
          throw new IntegrityException(file.path(), count + " bytes, the manifest says " + file.bytes());
        }
        return -1;
      }
      digest.update(b, off, n);
      count += n;
      if (count > file.bytes()) {
        throw new IntegrityException(file.path(), "more than the " + file.bytes() + " bytes the manifest says");
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
      int read = read(buffer, 0, buffer.length);
      return Math.max(read, 0);
    }

    /** Reads to the end and checks the size and SHA-256 against the manifest. */
    void verify() throws IOException {
      transferTo(OutputStream.nullOutputStream());
      String actual = Sha256.hexOf(digest);
      if (!actual.equals(file.sha256())) {
        throw new IntegrityException(file.path(), "SHA-256 " + actual + " differs from the manifest's " + file.sha256());
      }
    }
  }
}
