package org.traumaflow.pipeline;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Finds the series of a dataset in the competition layout
 * ({@code <root>/train_images/<patient>/<series>/<instance>.dcm}, likewise {@code test_images})
 * on any Beam file system, one {@link SeriesRef} per series.
 *
 * <pre>{@code
 * PCollection<SeriesRef> series = pipeline.apply(DiscoverSeries.in("gs://bucket/rsna").withLimit(10));
 * }</pre>
 */
public final class DiscoverSeries extends PTransform<PBegin, PCollection<SeriesRef>> {
  /** The image folders of the layout and the split each one holds. */
  private static final List<String> SPLITS = List.of("train", "test");

  private final String root;
  private final Set<String> patients;
  private final int limit;
  private final Set<String> splits;

  private DiscoverSeries(String root, Set<String> patients, int limit, Set<String> splits) {
    this.root = root;
    this.patients = patients;
    this.limit = limit;
    this.splits = splits;
  }

  /** Every series under {@code root} (a local folder or a {@code gs://} prefix). */
  public static DiscoverSeries in(String root) {
    if (root == null || root.isBlank()) {
      throw new IllegalArgumentException("a dataset root is required");
    }
    return new DiscoverSeries(root.endsWith("/") ? root.substring(0, root.length() - 1) : root, Set.of(), 0, Set.copyOf(SPLITS));
  }

  /** Only these patients (patient folder names); empty means all. */
  public DiscoverSeries withPatients(Set<String> ids) {
    return new DiscoverSeries(root, new TreeSet<>(ids), limit, splits);
  }

  /** Only the first {@code n} patients in patient-id order; 0 means all. */
  public DiscoverSeries withLimit(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + n);
    }
    return new DiscoverSeries(root, patients, n, splits);
  }

  /** Only the given splits ("train", "test"). */
  public DiscoverSeries withSplits(Set<String> only) {
    if (only.isEmpty() || !SPLITS.containsAll(only)) {
      throw new IllegalArgumentException("splits must be among " + SPLITS + ", got " + only);
    }
    return new DiscoverSeries(root, patients, limit, Set.copyOf(only));
  }

  @Override
  public PCollection<SeriesRef> expand(PBegin input) {
    List<PCollection<MatchResult.Metadata>> matches = new ArrayList<>();
    for (String split : SPLITS) {
      if (splits.contains(split)) {
        matches.add(input.apply("Match " + split + " images",
            FileIO.match().filepattern(root + "/" + split + "_images/*/*/*").withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW)));
      }
    }
    PCollection<KV<String, String>> filesBySeries = PCollectionList.of(matches)
        .apply("All images", Flatten.pCollections())
        .apply("Key by series", ParDo.of(new KeyBySeries(patients)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<SeriesRef> series = filesBySeries
        .apply("Group files", GroupByKey.create())
        .apply("To series", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((KV<String, Iterable<String>> kv) -> KV.of(kv.getKey(), String.join("\n", sortedFiles(kv.getValue())))))
        .apply("Series refs", MapElements.via(new ToSeriesRef()))
        .setCoder(ElementCoders.SeriesRefCoder.of());
    return limit == 0 ? series : series.apply("First " + limit + " patients", FirstPatients.of(limit));
  }

  /** Keys each file by split/patient/series from its last three folders; other files are counted and left out. */
  private static final class KeyBySeries extends DoFn<MatchResult.Metadata, KV<String, String>> {
    private final Counter outsideLayout = Metrics.counter(DiscoverSeries.class, "files-outside-layout");
    private final Set<String> patients;

    KeyBySeries(Set<String> patients) {
      this.patients = patients;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, OutputReceiver<KV<String, String>> out) {
      if (file.resourceId().isDirectory()) {
        return;
      }
      String path = file.resourceId().toString();
      String[] parts = path.split("/");
      if (parts.length < 4 || !parts[parts.length - 4].endsWith("_images")) {
        outsideLayout.inc();
        return;
      }
      String split = parts[parts.length - 4].substring(0, parts[parts.length - 4].length() - "_images".length());
      String patient = parts[parts.length - 3];
      String series = parts[parts.length - 2];
      if (!patients.isEmpty() && !patients.contains(patient)) {
        return;
      }
      out.output(KV.of(split + "/" + patient + "/" + series, path));
    }
  }

  private static final class ToSeriesRef extends org.apache.beam.sdk.transforms.SimpleFunction<KV<String, String>, SeriesRef> {
    @Override
    public SeriesRef apply(KV<String, String> kv) {
      String[] key = kv.getKey().split("/");
      return new SeriesRef(key[0], key[1], key[2], List.of(kv.getValue().split("\n")));
    }
  }

  /** Numeric ids in numeric order (shorter first), then text order: "9" before "10". */
  static final class PatientOrder implements Comparator<String>, Serializable {
    @Override
    public int compare(String a, String b) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
  }

  /** Top keeps the largest, so the first patients win under the reversed order. */
  static final class LaterPatientFirst implements Comparator<String>, Serializable {
    @Override
    public int compare(String a, String b) {
      return new PatientOrder().compare(b, a);
    }
  }

  /** Files in instance-number order when their names are numbers ("12.dcm"), else by name. */
  static List<String> sortedFiles(Iterable<String> files) {
    List<String> sorted = new ArrayList<>();
    files.forEach(sorted::add);
    sorted.sort(Comparator.comparing((String f) -> f.substring(f.lastIndexOf('/') + 1), new PatientOrder()));
    return sorted;
  }

}
