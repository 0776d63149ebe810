package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.Grade;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.storage.IntegrityException;
import org.traumaflow.testing.ReferenceTools;

/** The stage-2 training dataset on disk: written, read back, checked, opened in numpy. */
class SequenceDatasetTest {
  private static final SequenceConfig CONFIG = SequenceConfig.method(16);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path root;

  @Test
  void whatIsWrittenIsReadBackShardByShardInOrder() throws Exception {
    List<SequenceSample> samples = madeSamples();
    assertEquals(10, samples.size(), "two series of 4 and 1 windows in two variants");
    write(samples, 3);

    SequenceDatasetReader dataset = SequenceDatasetReader.open(root);
    assertEquals(4, dataset.shards());
    assertEquals(List.of(3, 3, 3, 1), dataset.manifest().shards().stream().map(SequenceManifest.Shard::samples).toList());
    assertEquals(samples.subList(9, 10), dataset.readShard(3));
    assertEquals(samples, dataset.samples().toList());
    assertEquals(CONFIG, dataset.config());
  }

  @Test
  void theManifestCountsSamplesSeriesPatientsAndLabelPrevalence() throws Exception {
    // four samples of two series of one patient; liver injury: 0.8 at one step of sample 0,
    // 0.5 (not above 0.5) at every step of sample 1, nothing else
    float[] spiked = new float[SequenceSample.STEPS * SliceTarget.COUNT];
    spiked[5 * SliceTarget.COUNT + SliceTarget.LIVER_INJURY.ordinal()] = 0.8f;
    float[] flat = new float[SequenceSample.STEPS * SliceTarget.COUNT];
    for (int step = 0; step < SequenceSample.STEPS; step++) {
      flat[step * SliceTarget.COUNT + SliceTarget.LIVER_INJURY.ordinal()] = 0.5f;
    }
    List<SequenceSample> samples = List.of(
        sample(9, "100", 0, spiked), sample(9, "100", 1, flat),
        sample(9, "200", 0, new float[spiked.length]), sample(9, "200", 1, new float[spiked.length]));

    SequenceManifest manifest = write(samples, 16);

    assertEquals(new SequenceManifest.Counts(4, 2, 1), manifest.counts());
    SequenceManifest.Prevalence liver = manifest.prevalence().get("liver_injury");
    assertEquals(0.25, liver.positiveFraction(), 1e-12);
    assertEquals((0.8 + 32 * 0.5) / (4 * 32), liver.meanTarget(), 1e-7);
    assertEquals(new SequenceManifest.Prevalence(0, 0), manifest.prevalence().get("extravasation"));
    assertEquals(SliceTarget.COUNT, manifest.prevalence().size());
    assertEquals(manifest, SequenceDatasetReader.open(root).manifest(), "the manifest on disk is the one returned");
  }

  @Test
  void theManifestHashesEveryShardFileAsSha256SumWould() throws Exception {
    write(madeSamples(), 5);
    JsonNode manifest = JSON.readTree(root.resolve("manifest.json").toFile());

    assertEquals(CONFIG.sha256(), manifest.get("config_sha256").asText());
    assertEquals(16, manifest.get("config").get("size").asInt());
    int files = 0;
    for (JsonNode shard : manifest.get("shards")) {
      for (JsonNode file : shard.get("files")) {
        Path path = root.resolve(file.get("path").asText());
        String python = ReferenceTools.run(ReferenceTools.PYTHON, "-c",
            "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())", path.toString()).trim();
        assertEquals(python, file.get("sha256").asText(), path.toString());
        assertEquals(Files.size(path), file.get("bytes").asLong());
        files++;
      }
    }
    assertEquals(2 * 4, files, "two shards of four files");
  }

  @Test
  void aChangedShardFileIsRefusedByName() throws Exception {
    write(madeSamples(), 3);
    Path masks = root.resolve("shards/shard-00001/masks.npy");
    byte[] bytes = Files.readAllBytes(masks);
    bytes[bytes.length - 1] ^= 1;
    Files.write(masks, bytes);
    SequenceDatasetReader dataset = SequenceDatasetReader.open(root);

    IntegrityException refused = assertThrows(IntegrityException.class, () -> dataset.readShard(1));
    assertEquals("shards/shard-00001/masks.npy", refused.file());
    assertEquals(3, dataset.readShard(0).size(), "the other shards still read");
    UncheckedIOException streamed = assertThrows(UncheckedIOException.class, () -> dataset.samples().toList());
    assertInstanceOf(IntegrityException.class, streamed.getCause());
  }

  @Test
  void aShardReadForSomeOfItsWindowsReturnsThoseAndStillChecksEveryByte() throws Exception {
    List<SequenceSample> samples = madeSamples();
    write(samples, 5);
    SequenceDatasetReader dataset = SequenceDatasetReader.open(root);
    assertEquals(new TreeMap<>(Map.of(1, samples.get(1), 3, samples.get(3))), dataset.readShard(0, offset -> offset == 1 || offset == 3));

    // The last window's pixels, which a read of window 1 passes over.
    Path images = root.resolve("shards/shard-00000/images.npy");
    byte[] bytes = Files.readAllBytes(images);
    bytes[bytes.length - 1] ^= 1;
    Files.write(images, bytes);
    IntegrityException refused = assertThrows(IntegrityException.class, () -> dataset.readShard(0, offset -> offset == 1));
    assertEquals("shards/shard-00000/images.npy", refused.file());
    assertTrue(refused.getMessage().contains("SHA-256"), refused.getMessage());
  }

  @Test
  void aTruncatedShardFileIsRefusedByName() throws Exception {
    write(madeSamples(), 16);
    Path images = root.resolve("shards/shard-00000/images.npy");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length - 100));

    IntegrityException refused = assertThrows(IntegrityException.class, () -> SequenceDatasetReader.open(root).readShard(0));
    assertEquals("shards/shard-00000/images.npy", refused.file());
  }

  @Test
  void anUnfinishedDatasetHasNoManifestAndIsRefused() throws Exception {
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, CONFIG, 2)) {
      for (SequenceSample sample : madeSamples()) {
        writer.write(sample);
      }
    }
    assertFalse(Files.exists(root.resolve("manifest.json")));
    IntegrityException refused = assertThrows(IntegrityException.class, () -> SequenceDatasetReader.open(root));
    assertEquals("manifest.json", refused.file());
  }

  @Test
  void aManifestWhoseConfigWasEditedIsRefused() throws Exception {
    write(madeSamples(), 16);
    ObjectNode manifest = (ObjectNode) JSON.readTree(root.resolve("manifest.json").toFile());
    ((ObjectNode) manifest.get("config")).put("stride", 3);
    Files.write(root.resolve("manifest.json"), JSON.writeValueAsBytes(manifest));

    IntegrityException refused = assertThrows(IntegrityException.class, () -> SequenceDatasetReader.open(root));
    assertEquals("manifest.json", refused.file());
  }

  @Test
  void numpyReadsEveryArrayWithItsShapeTypeAndSampleOrder() throws Exception {
    List<SequenceSample> samples = madeSamples();
    write(samples, 5);

    int s = CONFIG.size();
    int m = CONFIG.maskSize();
    List<SequenceSample> first = samples.subList(0, 5);
    check("images.npy", "|u1", List.of(5, 32, 3, s, s), first, SequenceSample::images);
    check("masks.npy", "|u1", List.of(5, 32, 4, m, m), first, SequenceSample::masks);
    JsonNode targets = JSON.readTree(ReferenceTools.python("reference/npy_sample_sums.py", root.resolve("shards/shard-00000/targets.npy").toString()));
    assertEquals("<f4", targets.get("dtype").asText());
    assertEquals(List.of(5, 32, 11), shape(targets));
    for (int i = 0; i < 5; i++) {
      double sum = 0;
      for (float v : first.get(i).targets()) {
        sum += v;
      }
      assertEquals(sum, targets.get("item_sums").get(i).asDouble(), 1e-4, "targets of sample " + i);
    }
    JsonNode index = JSON.readTree(root.resolve("shards/shard-00000/index.json").toFile());
    assertEquals(5, index.size());
    assertEquals(first.get(4).seriesId(), index.get(4).get("series_id").asText());
    assertEquals(first.get(4).window(), index.get(4).get("window").asInt());
    assertEquals(96, index.get(4).get("source_slices").size());
  }

  @Test
  void samplesOfOtherSizesThanTheConfigsAreRefused() throws Exception {
    SequenceSample other = new SequenceMaker(SequenceConfig.method(8))
        .make(1, "5", SeriesFixture.constantSlices(100, 10, 10), "ours", Optional.empty(), Optional.empty()).get(0);
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, CONFIG, 4)) {
      assertThrows(IllegalArgumentException.class, () -> writer.write(other));
    }
    assertThrows(IllegalArgumentException.class, () -> SequenceDatasetWriter.create(root, SequenceConfig.method(), 200));
  }

  private void check(String file, String dtype, List<Integer> shape, List<SequenceSample> samples,
      Function<SequenceSample, byte[]> array) {
    JsonNode loaded;
    try {
      loaded = JSON.readTree(ReferenceTools.python("reference/npy_sample_sums.py", root.resolve("shards/shard-00000/" + file).toString()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(dtype, loaded.get("dtype").asText(), file);
    assertEquals(shape, shape(loaded), file);
    for (int i = 0; i < samples.size(); i++) {
      assertEquals(sum(array.apply(samples.get(i)), 0, array.apply(samples.get(i)).length), loaded.get("item_sums").get(i).asDouble(), file + " sample " + i);
    }
    // the second axis is the step: sample 0's per-step sums
    byte[] values = array.apply(samples.get(0));
    int perStep = values.length / SequenceSample.STEPS;
    for (int step = 0; step < SequenceSample.STEPS; step++) {
      assertEquals(sum(values, step * perStep, perStep), loaded.get("first_item_sums").get(step).asDouble(), file + " step " + step);
    }
  }

  private static List<Integer> shape(JsonNode loaded) {
    List<Integer> shape = new ArrayList<>();
    loaded.get("shape").forEach(d -> shape.add(d.asInt()));
    return shape;
  }

  private static double sum(byte[] values, int from, int length) {
    double sum = 0;
    for (int i = from; i < from + length; i++) {
      sum += values[i] & 0xFF;
    }
    return sum;
  }

  private SequenceManifest write(List<SequenceSample> samples, int perShard) throws Exception {
    try (SequenceDatasetWriter writer = SequenceDatasetWriter.create(root, CONFIG, perShard)) {
      for (SequenceSample sample : samples) {
        writer.write(sample);
      }
      return writer.finish();
    }
  }

  /** Patient 1's 399-slice series (4 windows) and patient 2's 100-slice one (1), in both variants, with labels and masks. */
  private static List<SequenceSample> madeSamples() {
    SequenceMaker maker = new SequenceMaker(CONFIG);
    List<SequenceSample> samples = new ArrayList<>();
    int patient = 1;
    for (int slices : new int[] {399, 100}) {
      PreparedSeries series = SeriesFixture.constantSlices(slices, 24, 20);
      var organs = SeriesFixture.rampOrgans(series, new CropBox(0.1, 0.9, 0.2, 0.8));
      organs.masks().voxels()[organs.masks().index(Organ.LIVER, 3, 4, 4)] = 1;
      SeriesLabels labels = new SeriesLabels(new PatientLabels(patient == 1, false, Grade.LOW, Grade.HEALTHY, Grade.HIGH), Set.of(10, 11));
      for (String variant : List.of("ours", "theo")) {
        samples.addAll(maker.make(patient, "10" + patient, series, variant, Optional.of(organs), Optional.of(labels)));
      }
      patient++;
    }
    return samples;
  }

  private static SequenceSample sample(int patient, String series, int window, float[] targets) {
    return new SequenceSample(patient, series, "ours", window, CONFIG.size(), new int[96],
        new byte[96 * CONFIG.size() * CONFIG.size()], targets, CONFIG.maskSize(), new byte[32 * 4 * CONFIG.maskSize() * CONFIG.maskSize()]);
  }
}
