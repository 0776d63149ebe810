package org.traumaflow.sequence;

import java.util.List;
import java.util.Map;
import org.traumaflow.label.SliceTarget;

/**
 * The stage-2 dataset's {@value SequenceDatasetFormat#MANIFEST}: what the dataset holds, how it
 * was made, and the size and SHA-256 of every shard file, so a reader can refuse files that
 * changed since they were written.
 *
 * @param format {@value SequenceDatasetFormat#FORMAT}
 * @param config the config the samples were made with
 * @param configSha256 {@link SequenceConfig#sha256()} of {@code config}
 * @param counts how many samples, series and patients
 * @param prevalence per {@link SliceTarget#column()}, how often and how strongly it is set
 * @param shards the shards in order
 */
public record SequenceManifest(
    String format,
    SequenceConfig config,
    String configSha256,
    Counts counts,
    Map<String, Prevalence> prevalence,
    List<Shard> shards) {

  public SequenceManifest {
    prevalence = Map.copyOf(prevalence);
    shards = List.copyOf(shards);
  }

  /**
   * @param samples windows (elements) in the dataset
   * @param series distinct patient/series pairs
   * @param patients distinct patients
   */
  public record Counts(long samples, long series, long patients) {}

  /**
   * @param positiveFraction the fraction of samples whose target exceeds 0.5 at some step (the
   *     windows a balanced sampler would call injured for it)
   * @param meanTarget the target's mean over every step of every sample
   */
  public record Prevalence(double positiveFraction, double meanTarget) {}

  /**
   * @param folder the shard's folder, relative to the root
   * @param samples samples in the shard
   * @param files every file of the shard
   */
  public record Shard(String folder, int samples, List<ShardFile> files) {
    public Shard {
      files = List.copyOf(files);
    }
  }

  /**
   * @param path relative to the root
   * @param bytes the file's size
   * @param sha256 the file's SHA-256, hex
   */
  public record ShardFile(String path, long bytes, String sha256) {}
}
