package org.traumaflow.pipeline.common;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes JSON lines to one file, sorted, so that runs on different runners or with different
 * parallelism give byte-identical files. Beam writes it to a temporary location and renames it
 * into place when the pipeline finishes. For per-run summaries (thousands of lines), not for
 * bulk data.
 */
public final class SortedJsonLines extends PTransform<PCollection<String>, PCollection<String>> {
  private final String file;

  private SortedJsonLines(String file) {
    this.file = file;
  }

  public static SortedJsonLines to(String file) {
    return new SortedJsonLines(file);
  }

  /** @return the written file's name, once it is in place */
  @Override
  public PCollection<String> expand(PCollection<String> lines) {
    WriteFilesResult<Void> written = lines
        .apply("One group", WithKeys.of(""))
        .apply("Gather", GroupByKey.create())
        .apply("Sort", MapElements.into(TypeDescriptors.strings()).via((KV<String, Iterable<String>> group) -> {
          List<String> sorted = new ArrayList<>();
          group.getValue().forEach(sorted::add);
          sorted.sort(null);
          return String.join("\n", sorted);
        }))
        .apply("Write " + file, TextIO.write().to(file).withoutSharding().withShardNameTemplate("").withOutputFilenames());
    return written.getPerDestinationOutputFilenames().apply("Written", Values.create());
  }
}
