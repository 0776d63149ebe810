package org.traumaflow.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * A dead letter for each patient folder of a local dataset that holds no series file: a patient
 * {@link DiscoverSeries} cannot see (it finds files, and Beam's file systems list no folders),
 * who must still get a submission row and a reason. Object stores have no empty folders, so a
 * {@code gs://} dataset has none to report.
 *
 * <pre>{@code
 * PCollection<DeadLetter> empty = pipeline.apply(EmptyPatientFolders.from(options, Set.of("test")));
 * }</pre>
 */
final class EmptyPatientFolders extends PTransform<PBegin, PCollection<DeadLetter>> {
  static final String STAGE = "discover-series";

  private final String root;
  private final Set<String> splits;
  private final Set<String> patients;
  private final boolean limited;

  private EmptyPatientFolders(String root, Set<String> splits, Set<String> patients, boolean limited) {
    this.root = root;
    this.splits = splits;
    this.patients = patients;
    this.limited = limited;
  }

  /**
   * The patient folders under {@code root}'s {@code splits} (only {@code patients}, when given);
   * when {@code limited} (--limit) none are reported, as the limit picks from found series.
   */
  static EmptyPatientFolders under(String root, Set<String> splits, Set<String> patients, boolean limited) {
    return new EmptyPatientFolders(root, Set.copyOf(splits), Set.copyOf(patients), limited);
  }

  @Override
  public PCollection<DeadLetter> expand(PBegin input) {
    List<String> folders = new ArrayList<>();
    if (!limited && !root.startsWith("gs://")) {
      splits.stream().sorted().forEach(split -> folders.add(Path.of(root, split + "_images").toString()));
    }
    return input.apply("Image folders", Create.of(folders).withCoder(StringUtf8Coder.of()))
        .apply("Empty patient folders", ParDo.of(new FindFn(patients)))
        .setCoder(ElementCoders.DeadLetterCoder.of());
  }

  private static final class FindFn extends DoFn<String, DeadLetter> {
    private final Set<String> patients;

    FindFn(Set<String> patients) {
      this.patients = patients;
    }

    @ProcessElement
    public void process(@Element String images, OutputReceiver<DeadLetter> out) throws IOException {
      Path folder = Path.of(images);
      if (!Files.isDirectory(folder)) {
        return;
      }
      try (Stream<Path> listed = Files.list(folder)) {
        for (Path patient : listed.filter(Files::isDirectory).sorted().toList()) {
          String id = patient.getFileName().toString();
          if ((patients.isEmpty() || patients.contains(id)) && !holdsSeriesFile(patient)) {
            out.output(new DeadLetter(STAGE, id, patient.toString(), "EmptyPatientFolder",
                "patient folder holds no series (no <series>/<file> under it)", true));
          }
        }
      }
    }

    private static boolean holdsSeriesFile(Path patient) throws IOException {
      try (Stream<Path> series = Files.list(patient)) {
        return series.filter(Files::isDirectory).anyMatch(s -> {
          try (Stream<Path> files = Files.list(s)) {
            return files.anyMatch(Files::isRegularFile);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
  }
}
