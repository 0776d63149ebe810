package org.traumaflow.sequence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.sequence.SequenceSample.MaskOrgan;
import org.traumaflow.storage.AtomicFiles;
import org.traumaflow.storage.HashingOutputStream;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.SafeName;

/**
 * The stage-2 training dataset's names and bytes, apart from where they are stored, so that a
 * local folder and an object store hold the same files:
 *
 * <pre>
 * manifest.json                        {@link SequenceManifest}, written last
 * shards/shard-00000/images.npy        (N, 32, 3, S, S) uint8
 *                    targets.npy       (N, 32, 11) float32, {@link SliceTarget} order
 *                    masks.npy         (N, 32, 4, M, M) uint8 0/1, {@link MaskOrgan} order
 *                    index.json        [{patient_id, series_id, variant, window, source_slices}] per sample
 * </pre>
 *
 * In Python: {@code np.load(".../images.npy", mmap_mode="r")[i]} is sample i's
 * {@code (32, 3, S, S)} window, {@code json.load(open(".../index.json"))[i]} says where it came from.
 */
public final class SequenceDatasetFormat {
  public static final String FORMAT = "traumaflow-sequences/1";
  public static final String MANIFEST = "manifest.json";
  public static final String IMAGES = "images.npy";
  public static final String TARGETS = "targets.npy";
  public static final String MASKS = "masks.npy";
  public static final String INDEX = "index.json";
  /** A shard's files, in the order the manifest lists them. */
  public static final List<String> SHARD_FILES = List.of(IMAGES, TARGETS, MASKS, INDEX);

  /**
   * snake_case for the Python readers, properties and map keys sorted so the same values always
   * give the same bytes, and strict reading so an edited file is refused rather than half read.
   */
  static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .build();

  private static final String SHARDS = "shards/";
  private static final Pattern SHARD_FOLDER = Pattern.compile("shards/[A-Za-z0-9._-]{1,100}");
  private static final String UINT8 = "|u1";
  private static final String FLOAT32 = "<f4";

  /** One sample's line in {@value #INDEX}. */
  record IndexEntry(int patientId, String seriesId, String variant, int window, int[] sourceSlices) {}

  private SequenceDatasetFormat() {}

  /** {@code shards/shard-00042}: shard numbers sort as text. */
  public static String shardFolder(int shard) {
    return shardFolder(String.format(Locale.ROOT, "shard-%05d", shard));
  }

  /**
   * {@code shards/NAME}: writers that run in parallel name their shards after what they hold
   * (a series and variant), since they cannot count.
   */
  public static String shardFolder(String name) {
    String folder = SHARDS + name;
    if (!isShardFolder(folder)) {
      throw new IllegalArgumentException("a shard name is 1-100 of A-Z, a-z, 0-9, '.', '_', '-', got '" + name + "'");
    }
    return folder;
  }

  /**
   * A shard folder named after what it holds ({@code description}, e.g. a series id from a folder
   * name), made safe by {@link SafeName}.
   */
  public static String shardFolderFor(String description) {
    return shardFolder(SafeName.of(description));
  }

  /** Whether {@code folder} is a shard folder of this format: a manifest cannot point a reader elsewhere. */
  static boolean isShardFolder(String folder) {
    return SHARD_FOLDER.matcher(folder).matches();
  }

  /** A shard file's path relative to the root, e.g. {@code shards/shard-00042/images.npy}. */
  public static String shardFile(int shard, String name) {
    return shardFolder(shard) + "/" + name;
  }

  /**
   * Writes {@code samples} as the shard in {@code folder} (from {@link #shardFolder}), each file
   * atomically and hashed as it is written; returns the shard's manifest entry.
   */
  public static SequenceManifest.Shard writeShard(ObjectStore root, String folder, List<SequenceSample> samples) throws IOException {
    Map<String, AtomicFiles.Content> contents = encodeShard(samples);
    List<SequenceManifest.ShardFile> files = new ArrayList<>();
    for (String name : SHARD_FILES) {
      String path = folder + "/" + name;
      HashingOutputStream[] hashed = new HashingOutputStream[1];
      root.write(path, out -> {
        hashed[0] = new HashingOutputStream(out);
        contents.get(name).writeTo(hashed[0]);
        hashed[0].flush();
      });
      files.add(new SequenceManifest.ShardFile(path, hashed[0].count(), hashed[0].sha256()));
    }
    return new SequenceManifest.Shard(folder, samples.size(), files);
  }


  /**
   * What each of a shard's files holds, by file name. Arrays are streamed sample by sample, never
   * held whole.
   *
   * @throws IllegalArgumentException when the samples differ in size or mask size
   */
  public static Map<String, AtomicFiles.Content> encodeShard(List<SequenceSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a shard holds at least one sample");
    }
    int size = samples.get(0).size();
    int maskSize = samples.get(0).maskSize();
    for (SequenceSample sample : samples) {
      if (sample.size() != size || sample.maskSize() != maskSize) {
        throw new IllegalArgumentException(sample + " is " + sample.size() + "/" + sample.maskSize() + " px, the shard " + size + "/" + maskSize);
      }
    }
    int n = samples.size();
    int steps = SequenceSample.STEPS;
    float[] targets = new float[n * steps * SliceTarget.COUNT];
    List<IndexEntry> index = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SequenceSample s = samples.get(i);
      System.arraycopy(s.targets(), 0, targets, i * s.targets().length, s.targets().length);
      index.add(new IndexEntry(s.patientId(), s.seriesId(), s.variant(), s.window(), s.sourceSlices()));
    }
    Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
    files.put(IMAGES, out -> {
      NpyArray.writeHeader(out, UINT8, n, steps, SequenceSample.CHANNELS, size, size);
      for (SequenceSample s : samples) {
        out.write(s.images());
      }
    });
    files.put(TARGETS, NpyArray.ofFloat32(targets, n, steps, SliceTarget.COUNT)::writeTo);
    files.put(MASKS, out -> {
      NpyArray.writeHeader(out, UINT8, n, steps, MaskOrgan.COUNT, maskSize, maskSize);
      for (SequenceSample s : samples) {
        out.write(s.masks());
      }
    });
    files.put(INDEX, out -> out.write(JSON.writeValueAsBytes(index)));
    return files;
  }

  /**
   * The samples of shard {@code shard} at the offsets {@code keep} accepts, by offset, from its
   * {@value #INDEX} and {@value #TARGETS} bytes and its {@value #IMAGES} and {@value #MASKS}
   * streams (each at its start), which must hold {@code expected} samples of {@code config}'s
   * sizes. The other samples' pixels are skipped as they stream past, so decoding holds no more
   * than the samples it keeps.
   *
   * @throws IntegrityException naming the file whose type, shape or content is not what
   *     this format and config say
   * @throws IOException when a stream cannot be read
   */
  public static SortedMap<Integer, SequenceSample> decodeShard(int shard, byte[] index, byte[] targets, InputStream images,
      InputStream masks, int expected, SequenceConfig config, IntPredicate keep) throws IOException {
    int size = config.size();
    int maskSize = config.maskSize();
    int steps = SequenceSample.STEPS;
    List<IndexEntry> entries = index(shard, index, expected);
    InputStream values = array(shard, TARGETS, targets, FLOAT32, expected, steps, SliceTarget.COUNT);
    header(shard, IMAGES, images, UINT8, expected, steps, SequenceSample.CHANNELS, size, size);
    header(shard, MASKS, masks, UINT8, expected, steps, MaskOrgan.COUNT, maskSize, maskSize);
    int imageBytes = steps * SequenceSample.CHANNELS * size * size;
    int maskBytes = steps * MaskOrgan.COUNT * maskSize * maskSize;
    SortedMap<Integer, SequenceSample> samples = new TreeMap<>();
    for (int i = 0; i < expected; i++) {
      float[] sampleTargets = sampleTargets(values);
      if (!keep.test(i)) {
        skip(shard, IMAGES, images, imageBytes);
        skip(shard, MASKS, masks, maskBytes);
        continue;
      }
      IndexEntry entry = entries.get(i);
      try {
        samples.put(i, new SequenceSample(entry.patientId(), entry.seriesId(), entry.variant(), entry.window(), size, entry.sourceSlices(),
            read(shard, IMAGES, images, imageBytes), sampleTargets, maskSize, read(shard, MASKS, masks, maskBytes)));
      } catch (IllegalArgumentException e) {
        throw new IntegrityException(shardFile(shard, INDEX), "a sample does not fit its shard: " + e.getMessage(), e);
      }
    }
    end(shard, IMAGES, images);
    end(shard, MASKS, masks);
    return samples;
  }

  /**
   * Each sample's {@link WindowRef} from shard {@code shard}'s {@value #INDEX} and {@value #TARGETS}
   * bytes alone, which must hold {@code expected} samples: what a trainer needs of a window
   * before it reads its pixels.
   *
   * @throws IntegrityException naming the file whose type, shape or content is not what this
   *     format says
   */
  public static List<WindowRef> decodeRefs(int shard, byte[] index, byte[] targets, int expected) throws IntegrityException {
    List<IndexEntry> entries = index(shard, index, expected);
    InputStream values = array(shard, TARGETS, targets, FLOAT32, expected, SequenceSample.STEPS, SliceTarget.COUNT);
    List<WindowRef> refs = new ArrayList<>(expected);
    try {
      for (IndexEntry entry : entries) {
        refs.add(WindowRef.of(shard, refs.size(), entry.patientId(), entry.variant(), sampleTargets(values)));
      }
    } catch (IOException e) {
      throw new IntegrityException(shardFile(shard, TARGETS), "a sample does not fit its shard: " + e.getMessage(), e);
    }
    return refs;
  }

  private static List<IndexEntry> index(int shard, byte[] bytes, int expected) throws IntegrityException {
    String path = shardFile(shard, INDEX);
    List<IndexEntry> index;
    try {
      index = JSON.readValue(bytes, new TypeReference<List<IndexEntry>>() {});
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException(path, "not a sample index: " + e.getMessage(), e);
    }
    if (index.size() != expected) {
      throw new IntegrityException(path, index.size() + " samples, the manifest says " + expected);
    }
    return index;
  }

  /** One sample's {@code (32, 11)} float32 targets from the targets array's data. */
  private static float[] sampleTargets(InputStream targets) throws IOException {
    byte[] bytes = targets.readNBytes(SequenceSample.STEPS * SliceTarget.COUNT * 4);
    float[] values = new float[SequenceSample.STEPS * SliceTarget.COUNT];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** The header of the array {@code in} starts with, checked to say {@code dtype} and {@code shape}; leaves {@code in} at the data. */
  private static NpyArray.Header header(int shard, String name, InputStream in, String dtype, int... shape) throws IntegrityException {
    String path = shardFile(shard, name);
    NpyArray.Header header;
    try {
      header = NpyArray.readHeader(in);
    } catch (IntegrityException e) {
      throw e;
    } catch (IOException e) {
      throw new IntegrityException(path, e.getMessage(), e);
    }
    if (!header.dtype().equals(dtype) || !Arrays.equals(header.shape(), shape)) {
      throw new IntegrityException(path, "holds " + header.dtype() + " " + Arrays.toString(header.shape())
          + ", expected " + dtype + " " + Arrays.toString(shape));
    }
    return header;
  }

  /** The next {@code bytes} of an array's data. */
  private static byte[] read(int shard, String name, InputStream in, int bytes) throws IOException {
    byte[] data = in.readNBytes(bytes);
    if (data.length != bytes) {
      throw new IntegrityException(shardFile(shard, name), "ends before the data its header says");
    }
    return data;
  }

  /** Checks that an array's data ends where its header says. */
  private static void end(int shard, String name, InputStream in) throws IOException {
    if (in.read() != -1) {
      throw new IntegrityException(shardFile(shard, name), "holds more data than its header says");
    }
  }

  /** Passes over the next {@code bytes} of an array's data. */
  private static void skip(int shard, String name, InputStream in, int bytes) throws IOException {
    try {
      in.skipNBytes(bytes);
    } catch (EOFException e) {
      throw new IntegrityException(shardFile(shard, name), "ends before the data its header says", e);
    }
  }

  /** A shard array's data, after checking its header says {@code dtype} and {@code shape} and its data is that long. */
  private static InputStream array(int shard, String name, byte[] bytes, String dtype, int... shape) throws IntegrityException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    NpyArray.Header header = header(shard, name, in, dtype, shape);
    if (in.available() != header.dataBytes()) {
      throw new IntegrityException(shardFile(shard, name), in.available() + " data bytes, its header says " + header.dataBytes());
    }
    return in;
  }

  /** The manifest's bytes: indented JSON, keys sorted. */
  public static byte[] encodeManifest(SequenceManifest manifest) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a dataset manifest as JSON", e);
    }
  }

  /**
   * A manifest from its bytes, refused unless it is of this format and its config hash is the
   * hash of its config (a config edited after the samples were made).
   */
  public static SequenceManifest decodeManifest(byte[] bytes) throws IntegrityException {
    SequenceManifest manifest;
    try {
      manifest = JSON.readValue(bytes, SequenceManifest.class);
    } catch (IOException | RuntimeException e) {
      throw new IntegrityException(MANIFEST, "not a dataset manifest: " + e.getMessage(), e);
    }
    if (!FORMAT.equals(manifest.format())) {
      throw new IntegrityException(MANIFEST, "format " + manifest.format() + ", expected " + FORMAT);
    }
    if (!manifest.config().sha256().equals(manifest.configSha256())) {
      throw new IntegrityException(MANIFEST, "config hash " + manifest.configSha256() + " is not the hash of its config, "
          + manifest.config().sha256());
    }
    return manifest;
  }
}
