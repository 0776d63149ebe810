package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.CtSeriesFixture;
import org.traumaflow.testing.ReferenceTools;

/** {@code traumaflow inspect} as a user meets it: series folders, irregular series, bad input. */
class InspectCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void feetFirstSeriesIsOrderedAlongZNotByInstanceNumber() throws Exception {
    CtSeriesFixture.of("1.2.3.100", 6).withZ(50, -3).writeTo(dir, TransferSyntax.RLE_LOSSLESS);
    CliRun run = CliRun.of("inspect", dir.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    JsonNode json = JSON.readTree(run.stdout());
    assertEquals(6, json.get("slices").asInt());
    assertEquals(3.0, json.get("slice_spacing").asDouble(), 1e-9);
    assertEquals(32, json.get("rows").asInt());
    assertEquals(40, json.get("columns").asInt());
    assertEquals("1.2.3.100", json.get("series_instance_uid").asText());
    assertEquals("[\"1.2.840.10008.1.2.5\"]", json.get("transfer_syntaxes").toString());
    assertEquals(0, json.get("issues").size());
  }

  @Test
  void duplicateFileAndMissingSliceAreReportedNotFatal() throws Exception {
    CtSeriesFixture.of("1.2.3.101", 8).writeTo(dir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    Files.copy(dir.resolve("3.dcm"), dir.resolve("3-copy.dcm"));
    Files.delete(dir.resolve("5.dcm"));
    CliRun run = CliRun.of("inspect", dir.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    JsonNode json = JSON.readTree(run.stdout());
    assertEquals(7, json.get("slices").asInt(), "the copy is dropped, the missing slice is missing");
    String issues = json.get("issues").toString();
    assertTrue(issues.contains("DUPLICATE_INSTANCE"), issues);
    assertTrue(issues.contains("GAP"), issues);
  }

  @Test
  void folderWithTwoSeriesIsRefusedNamingBoth() throws Exception {
    CtSeriesFixture.of("1.2.3.200", 2).writeTo(Files.createDirectories(dir.resolve("a")), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    CtSeriesFixture.of("1.2.3.201", 2).writeTo(Files.createDirectories(dir.resolve("b")), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    CliRun run = CliRun.of("inspect", dir.toString());
    assertOneErrorLine(run, dir.toString());
    assertTrue(run.stderr().contains("1.2.3.200") && run.stderr().contains("1.2.3.201"), run.stderr());
  }

  @Test
  void mixedSliceSizesAreRefused() throws Exception {
    CtSeriesFixture series = CtSeriesFixture.of("1.2.3.300", 3);
    series.writeTo(dir, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    Path odd = Files.createDirectories(dir.resolve("odd"));
    series.withSize(16, 16).withZ(100, 1).writeTo(odd, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    Files.move(odd.resolve("1.dcm"), dir.resolve("9.dcm"));
    deleteTree(odd);
    CliRun run = CliRun.of("inspect", dir.toString());
    assertOneErrorLine(run, dir.toString());
    assertTrue(run.stderr().contains("mixed slice sizes"), run.stderr());
  }

  @Test
  void nonDicomFileGivesOneLineNamingItAndVerboseAddsTheTrace() throws Exception {
    Path text = Files.writeString(dir.resolve("readme.txt"), "not an image\n".repeat(30));
    CliRun run = CliRun.of("inspect", text.toString());
    assertOneErrorLine(run, text.toString());
    CliRun verbose = CliRun.of("--verbose", "inspect", text.toString());
    assertNotEquals(0, verbose.exitCode());
    assertTrue(verbose.stderr().contains("\tat org.traumaflow"), verbose.stderr());
  }

  @Test
  void structuredReportHasNoPixelData() {
    Path report = ReferenceTools.pydicomTestFile("reportsi.dcm");
    CliRun run = CliRun.of("inspect", report.toString());
    assertOneErrorLine(run, report.toString());
    assertTrue(run.stderr().contains("no pixel data"), run.stderr());
  }

  @Test
  void missingPathIsAUserError() {
    Path missing = dir.resolve("nowhere");
    CliRun run = CliRun.of("inspect", missing.toString());
    assertOneErrorLine(run, missing.toString());
  }

  private static void assertOneErrorLine(CliRun run, String path) {
    assertNotEquals(0, run.exitCode(), "must fail: " + run.stdout());
    String[] lines = run.stderr().strip().split("\n");
    assertEquals(1, lines.length, "one line, no stack trace: " + run.stderr());
    assertTrue(lines[0].startsWith("error: " + path), lines[0]);
    assertFalse(run.stdout().contains("{"), "no JSON on failure");
  }

  private static void deleteTree(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
