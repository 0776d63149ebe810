package org.traumaflow.pipeline.series;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.ledger.InputFingerprint.ListedFile;
import org.traumaflow.ledger.InputFingerprint;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.storage.ImageFolderListing;
import org.traumaflow.storage.Locations;

/**
 * Finds the series of a dataset in the competition layout
 * ({@code <root>/train_images/<patient>/<series>/<instance>.dcm}, likewise {@code test_images}),
 * one {@link SeriesRef} per series, and a dead letter for each folder of a local dataset that
 * cannot be read or holds no series ({@link ImageFolderListing}): a local folder is walked entry
 * by entry, names kept as bytes; a {@code gs://} prefix, where folders are names and cannot be
 * unreadable, is listed through Beam's file system.
 *
 * <pre>{@code
 * PCollectionTuple found = pipeline.apply(DiscoverSeries.in("gs://bucket/rsna").withLimit(10));
 * PCollection<SeriesRef> series = found.get(DiscoverSeries.SERIES);
 * }</pre>
 */
public final class DiscoverSeries extends PTransform<PBegin, PCollectionTuple> {
  public static final TupleTag<SeriesRef> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  static final String STAGE = "discover-series";
  private static final TupleTag<KV<String, ListedFile>> FILES = new TupleTag<>() {};
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
    return new DiscoverSeries(Locations.trimmed(root), Set.of(), 0, Set.copyOf(SPLITS));
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
  public PCollectionTuple expand(PBegin input) {
    List<String> folders = new ArrayList<>();
    for (String split : SPLITS) {
      if (splits.contains(split)) {
        folders.add(root + "/" + split + "_images");
      }
    }
    PCollectionTuple listed = input
        .apply("Image folders", Create.of(folders))
        .apply("List images", root.startsWith("gs://")
            ? ParDo.of(new ListImages(patients)).withOutputTags(FILES, TupleTagList.of(DEAD_LETTERS))
            : ParDo.of(new WalkImageFolder(patients, limit > 0)).withOutputTags(FILES, TupleTagList.of(DEAD_LETTERS)));
    PCollection<SeriesRef> series = listed.get(FILES)
        .apply("Group files", GroupByKey.create())
        .apply("Series refs", MapElements.via(new ToSeriesRef()));
    return PCollectionTuple.of(SERIES, limit == 0 ? series : series.apply("First " + limit + " patients", FirstPatients.of(limit)))
        .and(DEAD_LETTERS, listed.get(DEAD_LETTERS));
  }

  /**
   * Walks a local image folder ({@link ImageFolderListing}): its series' files keyed by
   * split/patient/series, a dead letter for each folder fault. Under {@code --limit} only the
   * files: the limit picks patients from the series found, and a fault names no series to pick.
   */
  private static final class WalkImageFolder extends DoFn<String, KV<String, ListedFile>> {
    private final Counter outsideLayout = Metrics.counter(DiscoverSeries.class, "files-outside-layout");
    private final StepTime time = StepTime.of(StepTime.DISCOVER);
    private final Set<String> patients;
    private final boolean limited;

    WalkImageFolder(Set<String> patients, boolean limited) {
      this.patients = patients;
      this.limited = limited;
    }

    @ProcessElement
    public void process(@Element String images, MultiOutputReceiver out) throws IOException {
      Path folder = Path.of(images);
      String split = folder.getFileName().toString().substring(0, folder.getFileName().toString().length() - "_images".length());
      ImageFolderListing listing = time.measure(() -> ImageFolderListing.of(folder, id -> patients.isEmpty() || patients.contains(id)));
      outsideLayout.inc(listing.outsideLayout());
      for (ImageFolderListing.SeriesFolder series : listing.series()) {
        for (ImageFolderListing.ListedFile file : series.files()) {
          out.get(FILES).output(KV.of(split + "/" + series.patientId() + "/" + series.seriesId(),
              new ListedFile(file.name(), file.sizeBytes(), file.modifiedMillis())));
        }
      }
      if (limited) {
        return;
      }
      for (ImageFolderListing.FolderFault fault : listing.faults()) {
        out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, fault.item(), fault.location(), fault.error(), fault.reason(), fault.dropped()));
      }
    }
  }

  /**
   * Lists an object store's image folder's files and keys each by split/patient/series from its last three folders;
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
    public void process(@Element String images, MultiOutputReceiver out) throws IOException {
      String pattern = images + "/*/*/*";
      MatchResult matched = time.measure(() -> FileSystems.match(List.of(pattern), EmptyMatchTreatment.ALLOW).get(0));
      if (matched.status() == MatchResult.Status.NOT_FOUND) {
        return;
      }
      for (MatchResult.Metadata file : matched.metadata()) {
        key(file, out.get(FILES));
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
