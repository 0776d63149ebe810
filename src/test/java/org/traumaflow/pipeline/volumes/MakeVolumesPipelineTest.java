package org.traumaflow.pipeline.volumes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.seg.SegmentationCheckpoint;
import org.traumaflow.seg.SegmentationConfig;
import org.traumaflow.seg.SegmentationModel;
import org.traumaflow.sequence.SequenceDatasetReader;
import org.traumaflow.sequence.SequenceManifest;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.sequence.SliceSelection;
import org.traumaflow.storage.Sha256;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SmallDataset;

/** {@code traumaflow make-volumes} end to end: a synthetic dataset to a stage-2 training dataset. */
class MakeVolumesPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path root;
  static Path checkpoint;
  static Path spec;
  static int unlabelledPatient;

  @BeforeAll
  static void dataset() throws Exception {
    root = SmallDataset.copyTo(dir.resolve("data"));
    // One training patient loses its train.csv row: its series must be dead-lettered, the others kept.
    List<String> rows = new ArrayList<>(Files.readAllLines(root.resolve("train.csv")));
    unlabelledPatient = Integer.parseInt(rows.get(1).split(",")[0]);
    rows.remove(1);
    Files.write(root.resolve("train.csv"), rows);
    checkpoint = dir.resolve("seg");
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny().withInputSize(128), 3)) {
      SegmentationCheckpoint.save(checkpoint, model);
    }
    spec = Files.writeString(dir.resolve("spec.yaml"), Files.readString(Path.of("pipelines/preprocess.yaml"))
        .replace("size: 384", "size: 64").replace("mask_size: 96", "mask_size: 16").replace("samples_per_shard: 16", "samples_per_shard: 3"));
  }

  private static Path make(String name, String... beamOptions) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("make-volumes", "--input", root.toString(), "--output", out.toString(),
        "--segmentation-model", checkpoint.toString(), "--spec", spec.toString()));
    args.addAll(List.of(beamOptions));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.stderr());
    return out;
  }

  @Test
  void everyWindowOfEveryLabelledTrainingSeriesIsWrittenWithItsTargets() throws Exception {
    Path out = make("direct");
    Map<Integer, PatientLabels> labels = LabelTables.readTrain(root.resolve("train.csv"));
    List<ImageLabel> imageLabels = LabelTables.readImageLevel(root.resolve("image_level_labels.csv"));
    SequenceDatasetReader dataset = SequenceDatasetReader.open(out);
    List<SequenceSample> samples = dataset.samples().toList();

    Map<String, Integer> expectedWindows = new TreeMap<>();
    for (Path series : SmallDataset.seriesDirectories(true)) {
      int patient = Integer.parseInt(series.getParent().getFileName().toString());
      if (patient != unlabelledPatient) {
        int slices = SmallDataset.slices(series).size();
        expectedWindows.put(patient + "/" + series.getFileName(), 2 * SliceSelection.windows(slices, dataset.config()).size());
      }
    }
    Map<String, Integer> windows = new TreeMap<>();
    samples.forEach(s -> windows.merge(s.seriesKey(), 1, Integer::sum));
    assertEquals(expectedWindows, windows, "both variants of every window of every labelled training series");
    SequenceManifest manifest = dataset.manifest();
    assertEquals(samples.size(), manifest.counts().samples());
    assertEquals(expectedWindows.size(), manifest.counts().series());

    for (SequenceSample s : samples) {
      PatientLabels patient = labels.get(s.patientId());
      Set<Integer> extravasation = imageLabels.stream()
          .filter(l -> l.seriesId() == Integer.parseInt(s.seriesId()) && l.injuryName().equals(ImageLabel.EXTRAVASATION))
          .map(ImageLabel::instanceNumber).collect(Collectors.toSet());
      for (int step = 0; step < SequenceSample.STEPS; step++) {
        if (!patient.liver().injured()) {
          assertEquals(0f, s.target(step, SliceTarget.LIVER_INJURY), s + " step " + step + ": a healthy liver has no liver target");
        }
        if (!patient.spleen().injured()) {
          assertEquals(0f, s.target(step, SliceTarget.SPLEEN_INJURY), s + " step " + step);
        }
        if (extravasation.isEmpty()) {
          assertEquals(0f, s.target(step, SliceTarget.EXTRAVASATION), s + " step " + step + ": no extravasation rows for this series");
        }
      }
    }
    assertEquals(Files.readString(root.resolve("train.csv")), Files.readString(out.resolve(MakeVolumesPipeline.TRAIN_CSV)));
    List<String> deadLetters = Files.readAllLines(out.resolve(MakeVolumesPipeline.DEAD_LETTERS));
    assertTrue(!deadLetters.isEmpty() && deadLetters.stream().allMatch(line -> line.contains("no row in train.csv")
        && line.contains("\"" + unlabelledPatient + "/")), String.join("\n", deadLetters));
    JsonNode first = JSON.readTree(deadLetters.get(0));
    assertEquals("make-volumes", first.get("stage").asText());
  }

  @Test
  void embeddedFlinkWithTwoWorkersWritesTheSameSamples() throws Exception {
    Map<String, String> direct = fingerprints(make("direct-for-flink"));
    Map<String, String> flink = fingerprints(make("flink", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"));
    assertEquals(direct, flink);
  }

  /** Each sample by identity, with the SHA-256 of its images, targets and masks. */
  private static Map<String, String> fingerprints(Path dataset) throws Exception {
    Map<String, String> prints = new TreeMap<>();
    for (SequenceSample s : SequenceDatasetReader.open(dataset).samples().toList()) {
      java.nio.ByteBuffer targets = java.nio.ByteBuffer.allocate(s.targets().length * 4);
      targets.asFloatBuffer().put(s.targets());
      prints.put(s.seriesKey() + "/" + s.variant() + "/" + s.window(),
          Sha256.hex(s.images()) + Sha256.hex(targets.array()) + Sha256.hex(s.masks()));
    }
    return prints;
  }
}
