package org.traumaflow.sequence;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.traumaflow.storage.LocalObjectStore;
import org.traumaflow.storage.ObjectStore;

/**
 * Writes stage-2 samples as a dataset in a local folder ({@link SequenceDatasetFormat}): every
 * {@code samplesPerShard} samples become one shard, each file written atomically and hashed as
 * it is written; {@link #finish()} writes the last shard and then the manifest. A folder with a
 * manifest is therefore complete, and one without (a writer closed before finishing, a crash)
 * is refused by {@link SequenceDatasetReader}.
 *
 * <pre>{@code
 * try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, config, 16)) {
 *   for (SequenceSample sample : samples) {
 *     writer.write(sample);
 *   }
 *   writer.finish();
 * }
 * }</pre>
 *
 * <p>Holds up to {@code samplesPerShard} samples in memory (14 MB each at 384 px). Not
 * thread-safe.
 */
public final class SequenceDatasetWriter implements Closeable {
  private final ObjectStore root;
  private final SequenceConfig config;
  private final int samplesPerShard;
  private final List<SequenceSample> pending = new ArrayList<>();
  private final List<SequenceManifest.Shard> shards = new ArrayList<>();
  private final TargetTally tally = new TargetTally();
  private final Set<String> series = new HashSet<>();
  private final Set<Integer> patients = new HashSet<>();
  private long samples;
  private boolean finished;

  private SequenceDatasetWriter(ObjectStore root, SequenceConfig config, int samplesPerShard) {
    this.root = root;
    this.config = config;
    this.samplesPerShard = samplesPerShard;
  }

  /**
   * A writer into {@code root} (created if needed). A manifest already there is deleted first,
   * so the folder is not taken for complete until this writer finishes; shards of an earlier
   * dataset that this one does not overwrite stay, unlisted, and are never read.
   *
   * @throws IllegalArgumentException when {@code samplesPerShard} is below 1 or would make a
   *     shard's images larger than one Java array can read back (2 GiB)
   */
  public static SequenceDatasetWriter create(Path root, SequenceConfig config, int samplesPerShard) throws IOException {
    Files.createDirectories(root);
    return create(new LocalObjectStore(root), config, samplesPerShard);
  }

  /** A writer into an object store (see {@link #create(Path, SequenceConfig, int)}). */
  public static SequenceDatasetWriter create(ObjectStore root, SequenceConfig config, int samplesPerShard) throws IOException {
    long sampleBytes = (long) SequenceSample.STEPS * SequenceSample.CHANNELS * config.size() * config.size();
    if (samplesPerShard < 1 || samplesPerShard * sampleBytes > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException("samples per shard must be 1.." + (Integer.MAX_VALUE - 1024) / sampleBytes
          + " at " + config.size() + " px, got " + samplesPerShard);
    }
    root.delete(SequenceDatasetFormat.MANIFEST);
    return new SequenceDatasetWriter(root, config, samplesPerShard);
  }

  /**
   * Adds a sample; writes a shard when enough are pending.
   *
   * @throws IllegalArgumentException when the sample was made at other sizes than the config's
   */
  public void write(SequenceSample sample) throws IOException {
    if (finished) {
      throw new IllegalStateException("the dataset in " + root + " is finished");
    }
    if (sample.size() != config.size() || sample.maskSize() != config.maskSize()) {
      throw new IllegalArgumentException(sample + " has " + sample.size() + " px slices and " + sample.maskSize()
          + " px masks, the dataset " + config.size() + " and " + config.maskSize());
    }
    pending.add(sample);
    tally.add(sample);
    series.add(sample.seriesKey());
    patients.add(sample.patientId());
    samples++;
    if (pending.size() == samplesPerShard) {
      writeShard();
    }
  }

  /** Writes the pending samples' shard, then the manifest; returns the manifest. */
  public SequenceManifest finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("the dataset in " + root + " is finished");
    }
    if (!pending.isEmpty()) {
      writeShard();
    }
    SequenceManifest manifest = new SequenceManifest(
        SequenceDatasetFormat.FORMAT, config, config.sha256(),
        new SequenceManifest.Counts(samples, series.size(), patients.size()), tally.prevalence(), shards);
    root.write(SequenceDatasetFormat.MANIFEST, SequenceDatasetFormat.encodeManifest(manifest));
    finished = true;
    return manifest;
  }

  /** Drops what was not written; without {@link #finish()} the dataset has no manifest. */
  @Override
  public void close() {
    pending.clear();
  }

  private void writeShard() throws IOException {
    shards.add(SequenceDatasetFormat.writeShard(root, SequenceDatasetFormat.shardFolder(shards.size()), pending));
    pending.clear();
  }
}
