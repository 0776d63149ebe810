package org.traumaflow.pipeline;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ledger.InputFingerprint;
import org.traumaflow.ledger.InputFingerprint.ListedFile;

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
    List<String> patterns = new ArrayList<>();
    for (String split : SPLITS) {
      if (splits.contains(split)) {
        patterns.add(root + "/" + split + "_images/*/*/*");
      }
    }
    PCollection<KV<String, ListedFile>> filesBySeries = input
        .apply("Image patterns", Create.of(patterns))
        .apply("List images", ParDo.of(new ListImages(patients)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ListedFile.class)));
    PCollection<SeriesRef> series = filesBySeries
        .apply("Group files", GroupByKey.create())
        .apply("Series refs", MapElements.via(new ToSeriesRef()))
        .setCoder(ElementCoders.SeriesRefCoder.of());
    return limit == 0 ? series : series.apply("First " + limit + " patients", FirstPatients.of(limit));
  }

  /**
   * Lists a pattern's files and keys each by split/patient/series from its last three folders;
   * other files are counted and left out. Listed here rather than with FileIO.match, whose coder
   * drops the modification time that the input fingerprint needs.
   */
  private static final class ListImages extends DoFn<String, KV<String, ListedFile>> {
    private final Counter outsideLayout = Metrics.counter(DiscoverSeries.class, "files-outside-layout");
    private final StepTime time = StepTime.of(StepTime.DISCOVER);
    private final Set<String> patients;

    ListImages(Set<String> patients) {
      this.patients = patients;
    }

    @ProcessElement
    public void process(@Element String pattern, OutputReceiver<KV<String, ListedFile>> out) throws IOException {
      MatchResult matched = time.measure(() -> FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0));
      if (matched.status() == MatchResult.Status.NOT_FOUND) {
        return;
      }
      for (MatchResult.Metadata file : matched.metadata()) {
        key(file, out);
      }
    }

    private void key(MatchResult.Metadata file, OutputReceiver<KV<String, ListedFile>> out) {
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
      out.output(KV.of(split + "/" + patient + "/" + series, new ListedFile(path, file.sizeBytes(), file.lastModifiedMillis())));
    }
  }

  private static final class ToSeriesRef extends SimpleFunction<KV<String, Iterable<ListedFile>>, SeriesRef> {
    @Override
    public SeriesRef apply(KV<String, Iterable<ListedFile>> kv) {
      String[] key = kv.getKey().split("/");
      List<ListedFile> files = sortedFiles(kv.getValue());
      return new SeriesRef(key[0], key[1], key[2], files.stream().map(ListedFile::path).toList(), InputFingerprint.of(files));
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
  static List<ListedFile> sortedFiles(Iterable<ListedFile> files) {
    List<ListedFile> sorted = new ArrayList<>();
    files.forEach(sorted::add);
    sorted.sort(Comparator.comparing((ListedFile f) -> f.path().substring(f.path().lastIndexOf('/') + 1), new PatientOrder()));
    return sorted;
  }
}
