package org.traumaflow.pipeline.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.testing.SmallDataset;

/** DiscoverSeries and ReadSeries on a synthetic dataset in the real layout, on the Direct runner. */
class DiscoverAndReadSeriesTest {
  @TempDir Path dir;

  @Test
  void discoversExactlyTheSeriesTheMetadataLists() throws Exception {
    Path root = SmallDataset.root();
    Set<String> expected = new TreeSet<>();
    expected.addAll(seriesKeys(root.resolve("train_series_meta.csv"), "train"));
    expected.addAll(seriesKeys(root.resolve("test_series_meta.csv"), "test"));

    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<SeriesRef> series = pipeline.apply(DiscoverSeries.in(root.toString())).get(DiscoverSeries.SERIES);
    PAssert.that(series.apply(MapElements.into(TypeDescriptors.strings()).via(r -> r.split() + "/" + r.key())))
        .containsInAnyOrder(expected);
    String rootName = root.toString();
    PAssert.that(series).satisfies(refs -> {
      for (SeriesRef ref : refs) {
        Path folder = Path.of(rootName).resolve(ref.split() + "_images").resolve(ref.patientId()).resolve(ref.seriesId());
        assertEquals(count(folder), ref.files().size(), ref.key());
        for (int i = 1; i < ref.files().size(); i++) {
          assertTrue(instance(ref.files().get(i - 1)) < instance(ref.files().get(i)), "instance order: " + ref.files());
        }
      }
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void limitKeepsTheFirstPatientsAndFilterKeepsTheNamedOnes() throws Exception {
    Path root = SmallDataset.root();
    List<String> patients = new ArrayList<>();
    try (Stream<Path> train = Files.list(root.resolve("train_images")); Stream<Path> test = Files.list(root.resolve("test_images"))) {
      Stream.concat(train, test).map(p -> p.getFileName().toString()).forEach(patients::add);
    }
    patients.sort(new DiscoverSeries.PatientOrder());
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> limited = pipeline.apply("Limited", DiscoverSeries.in(root.toString()).withLimit(2)).get(DiscoverSeries.SERIES)
        .apply("Limited patients", MapElements.into(TypeDescriptors.strings()).via(SeriesRef::patientId));
    PAssert.that(limited.apply("Distinct limited", org.apache.beam.sdk.transforms.Distinct.create()))
        .containsInAnyOrder(patients.subList(0, 2));
    PCollection<String> named = pipeline.apply("Named", DiscoverSeries.in(root.toString()).withPatients(Set.of(patients.get(3)))).get(DiscoverSeries.SERIES)
        .apply("Named patients", MapElements.into(TypeDescriptors.strings()).via(SeriesRef::patientId));
    PAssert.that(named.apply("Distinct named", org.apache.beam.sdk.transforms.Distinct.create())).containsInAnyOrder(patients.get(3));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void unreadableSeriesGoToDeadLettersAndTheOthersAreRead() throws Exception {
    Path root = SmallDataset.copyTo(dir.resolve("data"));
    List<Path> seriesFolders = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root.resolve("train_images"), 2)) {
      walk.filter(p -> root.resolve("train_images").relativize(p).getNameCount() == 2).sorted().forEach(seriesFolders::add);
    }
    // One series loses a slice to garbage; another is garbage throughout.
    Path damaged = seriesFolders.get(0);
    Files.writeString(damaged.resolve("2.dcm"), "not a DICOM file".repeat(20));
    Path ruined = seriesFolders.get(1);
    try (Stream<Path> files = Files.list(ruined)) {
      for (Path f : files.toList()) {
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
      }
    }
    int total = seriesKeys(root.resolve("train_series_meta.csv"), "train").size()
        + seriesKeys(root.resolve("test_series_meta.csv"), "test").size();

    PreprocessSpec builtIn = PreprocessSpec.builtIn();
    PreprocessSpec spec = new PreprocessSpec(builtIn.window(), builtIn.variants(), builtIn.stage1(), builtIn.segmentation(),
        builtIn.crop(), builtIn.sequences(), new PreprocessSpec.Series(builtIn.series().modalities(), builtIn.series().excludeImageTypes(),
        builtIn.series().axialToleranceDegrees(), 5, builtIn.series().pixelSpacingMm(), builtIn.series().minMatrix()), builtIn.referenceMasks());
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple read = pipeline.apply(DiscoverSeries.in(root.toString())).get(DiscoverSeries.SERIES).apply(ReadSeries.preparedAs(spec));
    PCollection<KV<SeriesRef, PreparedSeries>> series = read.get(ReadSeries.SERIES);
    PAssert.thatSingleton(series.apply(Count.globally())).isEqualTo((long) total - 1);
    String ruinedKey = ruined.getParent().getFileName() + "/" + ruined.getFileName();
    String damagedKey = damaged.getParent().getFileName() + "/" + damaged.getFileName();
    long damagedFiles = count(damaged);
    PAssert.that(series).satisfies(all -> {
      for (KV<SeriesRef, PreparedSeries> kv : all) {
        assertTrue(!kv.getKey().key().equals(ruinedKey));
        if (kv.getKey().key().equals(damagedKey)) {
          assertEquals(damagedFiles - 1, kv.getValue().geometry().slices(), "the garbage slice is left out");
        }
      }
      return null;
    });
    PAssert.that(read.get(ReadSeries.DEAD_LETTERS)).satisfies(letters -> {
      boolean slice = false;
      boolean whole = false;
      for (DeadLetter letter : letters) {
        if (letter.location().endsWith(damagedKey + "/2.dcm")) {
          slice = !letter.fatal() && letter.errorType().equals("NotDicomException");
        }
        if (letter.item().equals(ruinedKey) && letter.fatal()) {
          whole = letter.reason().contains("readable");
        }
      }
      assertTrue(slice, "the garbage slice is reported, not fatal: " + letters);
      assertTrue(whole, "the ruined series is dead-lettered with its reason: " + letters);
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  private static int instance(String file) {
    String name = file.substring(file.lastIndexOf('/') + 1);
    return Integer.parseInt(name.substring(0, name.length() - ".dcm".length()));
  }

  private static Set<String> seriesKeys(Path csv, String split) throws Exception {
    Set<String> keys = new TreeSet<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      keys.add(split + "/" + cells[0] + "/" + cells[1]);
    }
    return keys;
  }

  private static long count(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
