package org.traumaflow.pipeline.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.SliceHeader;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.CtSeriesFixture;
import org.traumaflow.testing.ReferenceTools;
import org.traumaflow.testing.SmallDataset;

/** {@code traumaflow preprocess} end to end through the CLI, on the Direct runner and on embedded Flink. */
class PreprocessPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void writesAnInfoRecordAndVolumesForEverySeriesAndFlinkAgrees() throws Exception {
    Path root = SmallDataset.root();
    Path direct = dir.resolve("direct");
    CliRun run = CliRun.of("preprocess", "--input", root.toString(), "--output", direct.toString());
    assertEquals(0, run.exitCode(), run.stderr());

    Map<String, String[]> meta = new HashMap<>();
    for (String csv : List.of("train_series_meta.csv", "test_series_meta.csv")) {
      List<String> lines = Files.readAllLines(root.resolve(csv));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        meta.put(cells[0] + "/" + cells[1], cells);
      }
    }
    List<String> info = Files.readAllLines(direct.resolve("info.jsonl"));
    assertEquals(meta.size(), info.size(), "one record per series in the metadata");
    assertEquals(0, Files.readAllLines(direct.resolve("dead_letters.jsonl")).size());
    JsonNode shapes = JSON.readTree(ReferenceTools.python("reference/npy_shapes.py", direct.resolve("volumes").toString()));
    for (String line : info) {
      JsonNode record = JSON.readTree(line);
      String key = record.get("patient_id").asText() + "/" + record.get("series_id").asText();
      assertTrue(meta.containsKey(key), key);
      assertEquals(Double.parseDouble(meta.get(key)[2]), record.get("aortic_hu").asDouble(), 1e-9, key + " aortic_hu");
      Path folder = root.resolve(record.get("split").asText() + "_images").resolve(record.get("patient_id").asText())
          .resolve(record.get("series_id").asText());
      int slices = record.get("slices").asInt();
      assertEquals(count(folder), slices, key + ": every file is a slice");
      assertEquals(slices, record.get("z_positions").size());
      for (int i = 1; i < slices; i++) {
        assertTrue(record.get("z_positions").get(i).asDouble() > record.get("z_positions").get(i - 1).asDouble());
      }
      String base = record.get("split").asText() + "/" + key + "/";
      JsonNode ours = shapes.get(base + "ours.npy");
      assertEquals("[" + slices + "," + record.get("rows").asInt() + "," + record.get("columns").asInt() + "]", ours.get(0).toString());
      assertEquals("|u1", ours.get(1).asText());
      JsonNode stage1 = shapes.get(base + "stage1.npy");
      assertEquals("[" + (slices + 1) / 2 + ",128,128]", stage1.get(0).toString(), "every 2nd slice at 128 x 128");
      assertTrue(stage1.get(2).asDouble() >= 0 && stage1.get(3).asDouble() <= 1, "stage-1 values in [0, 1]");
      assertTrue(shapes.has(base + "theo.npy"), base + "theo.npy");
    }

    Path flink = dir.resolve("flink");
    CliRun onFlink = CliRun.of("preprocess", "--input", root.toString(), "--output", flink.toString(),
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    assertEquals(0, onFlink.exitCode(), onFlink.stderr());
    assertEquals(Files.readString(direct.resolve("info.jsonl")), Files.readString(flink.resolve("info.jsonl")),
        "embedded Flink with parallelism 2 writes the same records");
  }

  @Test
  void badSeriesAreDeadLetteredAndTheRestIsWritten() throws Exception {
    Path root = SmallDataset.copyTo(dir.resolve("data"));
    Path series = firstSeries(root);
    try (Stream<Path> files = Files.list(series)) {
      for (Path f : files.toList()) {
        Files.writeString(f, "corrupt");
      }
    }
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("preprocess", "--input", root.toString(), "--output", out.toString(), "--limit", "2");
    assertEquals(0, run.exitCode(), run.stderr());
    List<String> letters = Files.readAllLines(out.resolve("dead_letters.jsonl"));
    String key = series.getParent().getFileName() + "/" + series.getFileName();
    assertTrue(letters.stream().anyMatch(l -> l.contains("\"item\":\"" + key + "\"") && l.contains("\"dropped\":true")), letters.toString());
    List<String> info = Files.readAllLines(out.resolve("info.jsonl"));
    assertFalse(info.isEmpty(), "the other series are written");
    assertTrue(info.stream().noneMatch(l -> l.contains("\"series_id\":\"" + series.getFileName() + "\"")));
  }

  @Test
  void oneSliceSeriesAndMixedSizesAreDeadLetteredWithTheirReason() throws Exception {
    Path root = SmallDataset.copyTo(dir.resolve("data"));
    List<Path> series;
    try (Stream<Path> walk = Files.walk(root.resolve("train_images"), 2)) {
      series = walk.filter(p -> root.resolve("train_images").relativize(p).getNameCount() == 2).sorted().toList();
    }
    Path single = series.get(0);
    List<Path> files;
    try (Stream<Path> list = Files.list(single)) {
      files = list.sorted().toList();
    }
    for (Path f : files.subList(1, files.size())) {
      Files.delete(f);
    }
    Path mixed = series.get(1);
    String uid;
    try (Stream<Path> list = Files.list(mixed)) {
      uid = SliceHeader.read(list.findFirst().orElseThrow()).seriesInstanceUid();
    }
    Path odd = CtSeriesFixture.of(uid, 1).withSize(48, 48).writeTo(Files.createDirectories(dir.resolve("odd")), TransferSyntax.RLE_LOSSLESS);
    Files.move(odd.resolve("1.dcm"), mixed.resolve("99999.dcm"));

    Path out = dir.resolve("out");
    CliRun run = CliRun.of("preprocess", "--input", root.toString(), "--output", out.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    String letters = Files.readString(out.resolve("dead_letters.jsonl"));
    String singleKey = single.getParent().getFileName() + "/" + single.getFileName();
    String mixedKey = mixed.getParent().getFileName() + "/" + mixed.getFileName();
    assertTrue(letters.contains("\"item\":\"" + singleKey + "\"") && letters.contains("\"error\":\"NotSelected\"")
        && letters.contains("not selected by rule min_slices: 1 slice, at least 10 needed"), letters);
    assertTrue(letters.contains("\"item\":\"" + mixedKey + "\"") && letters.contains("mixed slice sizes"), letters);
    String info = Files.readString(out.resolve("info.jsonl"));
    assertFalse(info.contains("\"series_id\":\"" + single.getFileName() + "\""));
    assertFalse(info.contains("\"series_id\":\"" + mixed.getFileName() + "\""));
  }

  @Test
  void specWithUnknownKeyIsRefusedBeforeAnythingRuns() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, Files.readString(Path.of("pipelines/preprocess.yaml")) + "\nsegmentaton_typo: 1\n");
    Path out = dir.resolve("out");
    CliRun run = CliRun.of("preprocess", "--input", SmallDataset.root().toString(), "--output", out.toString(), "--spec", spec.toString());
    assertNotEquals(0, run.exitCode());
    assertTrue(run.stderr().contains(spec.toString()) && run.stderr().contains("segmentaton_typo"), run.stderr());
    assertFalse(Files.exists(out.resolve("info.jsonl")));
  }

  private static Path firstSeries(Path root) throws Exception {
    try (Stream<Path> walk = Files.walk(root.resolve("train_images"), 2)) {
      return walk.filter(p -> root.resolve("train_images").relativize(p).getNameCount() == 2).sorted().findFirst().orElseThrow();
    }
  }

  private static long count(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }
}
