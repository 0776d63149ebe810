package org.traumaflow.pipeline.volumes;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.traumaflow.pipeline.common.AllElements;
import org.traumaflow.sequence.SequenceConfig;
import org.traumaflow.sequence.SequenceDatasetFormat;
import org.traumaflow.sequence.SequenceManifest;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.TargetTally;
import org.traumaflow.storage.ObjectStore;

/**
 * Writes stage-2 samples as a dataset ({@link SequenceDatasetFormat}) in a folder or
 * {@code gs://} prefix. Workers write shards in parallel, each of up to {@code samplesPerShard}
 * samples of one bundle, named after their first sample; when every shard is written, one step
 * writes the manifest, last. Shards of a retried bundle that did not commit are never listed, so
 * a reader sees exactly the samples of committed bundles, each once. The output is the written
 * manifest's location.
 *
 * <pre>{@code
 * samples.apply(WriteSequenceDataset.to("gs://bucket/dataset", config, 16));
 * }</pre>
 */
public final class WriteSequenceDataset extends PTransform<PCollection<SequenceSample>, PCollection<String>> {
  private final String location;
  private final SequenceConfig config;
  private final int samplesPerShard;

  private WriteSequenceDataset(String location, SequenceConfig config, int samplesPerShard) {
    this.location = location;
    this.config = config;
    this.samplesPerShard = samplesPerShard;
  }

  public static WriteSequenceDataset to(String location, SequenceConfig config, int samplesPerShard) {
    if (samplesPerShard < 1) {
      throw new IllegalArgumentException("samples per shard must be at least 1, got " + samplesPerShard);
    }
    return new WriteSequenceDataset(location, config, samplesPerShard);
  }

  @Override
  public PCollection<String> expand(PCollection<SequenceSample> samples) {
    return samples
        .apply("Write shards", ParDo.of(new WriteShardsFn(location, samplesPerShard)))
        .apply("All shards", Combine.globally(AllElements.<ShardRecord>create()).withoutDefaults())
        .apply("Write manifest", ParDo.of(new WriteManifestFn(location, config)));
  }

  /** A written shard: its manifest entry and what it adds to the dataset's counts. */
  record ShardRecord(String folder, int samples, List<String> paths, List<Long> bytes, List<String> sha256,
                     long[] positives, double[] sums, Set<String> series, Set<Integer> patients) implements Serializable {}

  private static final class WriteShardsFn extends DoFn<SequenceSample, ShardRecord> {
    private final String location;
    private final int samplesPerShard;
    private transient ObjectStore store;
    private transient List<SequenceSample> pending;

    WriteShardsFn(String location, int samplesPerShard) {
      this.location = location;
      this.samplesPerShard = samplesPerShard;
    }

    @Setup
    public void setup() {
      store = ObjectStore.at(location);
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element SequenceSample sample, OutputReceiver<ShardRecord> out) throws IOException {
      pending.add(sample);
      if (pending.size() == samplesPerShard) {
        out.output(flush());
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws IOException {
      if (!pending.isEmpty()) {
        context.output(flush(), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
    }

    private ShardRecord flush() throws IOException {
      SequenceSample first = pending.get(0);
      String folder = SequenceDatasetFormat.shardFolderFor(
          "p" + first.patientId() + "-s" + first.seriesId() + "-" + first.variant() + "-w" + first.window());
      SequenceManifest.Shard shard = SequenceDatasetFormat.writeShard(store, folder, pending);
      TargetTally tally = new TargetTally();
      Set<String> series = new TreeSet<>();
      Set<Integer> patients = new TreeSet<>();
      for (SequenceSample sample : pending) {
        tally.add(sample);
        series.add(sample.seriesKey());
        patients.add(sample.patientId());
      }
      pending = new ArrayList<>();
      return new ShardRecord(shard.folder(), shard.samples(),
          shard.files().stream().map(SequenceManifest.ShardFile::path).toList(),
          shard.files().stream().map(SequenceManifest.ShardFile::bytes).toList(),
          shard.files().stream().map(SequenceManifest.ShardFile::sha256).toList(),
          tally.positives(), tally.sums(), series, patients);
    }
  }

  private static final class WriteManifestFn extends DoFn<List<ShardRecord>, String> {
    private final String location;
    private final SequenceConfig config;

    WriteManifestFn(String location, SequenceConfig config) {
      this.location = location;
      this.config = config;
    }

    @ProcessElement
    public void process(@Element List<ShardRecord> records, OutputReceiver<String> out) throws IOException {
      TargetTally tally = new TargetTally();
      Set<String> series = new TreeSet<>();
      Set<Integer> patients = new TreeSet<>();
      List<SequenceManifest.Shard> shards = new ArrayList<>();
      long samples = 0;
      List<ShardRecord> sorted = new ArrayList<>(records);
      sorted.sort(Comparator.comparing(ShardRecord::folder));
      for (ShardRecord r : sorted) {
        tally.merge(TargetTally.of(r.samples(), r.positives(), r.sums()));
        series.addAll(r.series());
        patients.addAll(r.patients());
        samples += r.samples();
        List<SequenceManifest.ShardFile> files = new ArrayList<>();
        for (int i = 0; i < r.paths().size(); i++) {
          files.add(new SequenceManifest.ShardFile(r.paths().get(i), r.bytes().get(i), r.sha256().get(i)));
        }
        shards.add(new SequenceManifest.Shard(r.folder(), r.samples(), files));
      }
      SequenceManifest manifest = new SequenceManifest(SequenceDatasetFormat.FORMAT, config, config.sha256(),
          new SequenceManifest.Counts(samples, series.size(), patients.size()), tally.prevalence(), shards);
      ObjectStore store = ObjectStore.at(location);
      store.write(SequenceDatasetFormat.MANIFEST, SequenceDatasetFormat.encodeManifest(manifest));
      out.output(store.uri(SequenceDatasetFormat.MANIFEST));
    }
  }
}
