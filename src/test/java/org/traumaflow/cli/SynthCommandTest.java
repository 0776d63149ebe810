package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.CliRun;

class SynthCommandTest {
  @TempDir Path dir;

  @Test
  void helpExplainsEveryOption() {
    CliRun run = CliRun.of("synth", "--help");
    assertEquals(0, run.exitCode(), run.stderr());
    for (String option : List.of("--out", "--patients", "--test-patients", "--seed", "--transfer-syntax", "--size",
        "--threads", "--max-slices", "--balanced", "--preview")) {
      String line = run.stdout().lines().filter(l -> l.contains(option)).findFirst().orElse("");
      assertTrue(line.length() > option.length() + 20, option + " has a description: '" + line + "'");
    }
    assertTrue(run.stdout().contains("rle"), "names the transfer syntaxes");
  }

  @Test
  void aTinyRunWritesTheCompetitionLayoutAPreviewAndReportsProgress() throws IOException {
    Path out = dir.resolve("data");
    Path preview = dir.resolve("docs/montage.png");
    CliRun run = CliRun.of("synth", "--out", out.toString(), "--patients", "2", "--test-patients", "1", "--size", "48",
        "--max-slices", "12", "--seed", "5", "--threads", "2", "--transfer-syntax", "explicit", "--preview", preview.toString());

    assertEquals(0, run.exitCode(), run.stderr());
    for (String name : List.of("train.csv", "train_series_meta.csv", "test_series_meta.csv", "image_level_labels.csv",
        "sample_submission.csv", "MANIFEST.json", "train_images", "test_images")) {
      assertTrue(Files.exists(out.resolve(name)), name);
    }
    assertEquals(3, run.stderr().lines().filter(l -> l.startsWith("synth: ")).count(), "one progress line per patient: " + run.stderr());
    assertTrue(run.stdout().contains("wrote 2 training and 1 test patients"), run.stdout());
    assertTrue(Files.readString(out.resolve("MANIFEST.json")).contains("\"transferSyntax\" : \"explicit\""));
    BufferedImage png = ImageIO.read(preview.toFile());
    assertEquals(4 * 48, png.getWidth(), "4 tiles a row");
    assertEquals(2 * 48, png.getHeight(), "2 rows of tiles");
  }

  @Test
  void wrongInputIsRefusedWithAMessageAndStatus2() throws IOException {
    Path nonEmpty = dir.resolve("used");
    Files.createDirectories(nonEmpty);
    Files.writeString(nonEmpty.resolve("keep.txt"), "mine");
    assertRefused("is not empty", "synth", "--out", nonEmpty.toString(), "--patients", "1");
    assertEquals("mine", Files.readString(nonEmpty.resolve("keep.txt")), "nothing of the user's is touched");

    String fresh = dir.resolve("fresh").toString();
    assertRefused("unknown transfer syntax 'jpeg'", "synth", "--out", fresh, "--transfer-syntax", "jpeg");
    assertRefused("size must be", "synth", "--out", fresh, "--size", "8");
    assertRefused("at least one", "synth", "--out", fresh, "--patients", "0", "--test-patients", "0");
    assertRefused("max slices", "synth", "--out", fresh, "--max-slices", "2000");
    assertRefused("threads", "synth", "--out", fresh, "--threads", "0");
    assertRefused(".png", "synth", "--out", fresh, "--preview", dir.resolve("montage.jpg").toString());
    assertTrue(Files.notExists(dir.resolve("fresh")), "nothing written for refused input");

    CliRun missing = CliRun.of("synth", "--patients", "1");
    assertEquals(2, missing.exitCode());
    assertTrue(missing.stderr().contains("--out"), missing.stderr());
  }

  private static void assertRefused(String message, String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.stderr());
    assertTrue(run.stderr().contains(message), "expected '" + message + "' in: " + run.stderr());
  }
}
