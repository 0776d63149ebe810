package org.traumaflow.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.spec.InvalidSpecException;

/** Reading, validating and writing ensemble specs. */
class EnsembleSpecTest {
  private static final String HASH = "ab".repeat(32);
  private static final String MEMBER = """
      members:
        - name: organs
          model: tiny-organs
          variant: ours
          weight: 1.0
          runs:
            - {path: tiny-organs/fold-0-seed-1, sha256: "%s"}
      """.formatted(HASH);

  @TempDir Path dir;

  @Test
  void theShippedSpecReadsWithMethodScalingAndMaxSeries() throws InvalidSpecException {
    EnsembleSpec spec = EnsembleSpec.read(Path.of("pipelines", "ensemble.yaml").toString());
    // The seed "simply took the maximum value for each patient".
    assertEquals(EnsembleSpec.SeriesCombination.MAX, spec.seriesCombination());
    assertEquals(List.of(1.5, 3.0, 1.0, 3.0, 4.0, 0.5, 0.5), spec.scaling().factors());
    assertEquals(200.0 / 3147, spec.scaling().extravasationPrevalence(), 1e-6);
    assertEquals(3, spec.members().size());
  }

  @Test
  void scalingKeysLeftOutTakeTheMethodValues() throws Exception {
    EnsembleSpec spec = EnsembleSpec.read(write("scaling:\n  organ_high: 5.0\n" + MEMBER).toString());
    assertEquals(List.of(1.5, 5.0, 1.0, 3.0, 4.0, 0.5, 0.5), spec.scaling().factors());
    assertEquals(EnsembleSpec.SeriesCombination.MAX, spec.seriesCombination(), "series left out");
    assertEquals(EnsembleSpec.SeriesCombination.MEAN, EnsembleSpec.read(write("series: mean\n" + MEMBER).toString()).seriesCombination());
  }

  @Test
  void anUnknownKeyIsRefusedNamingFileAndKey() throws IOException {
    Path file = write("scaling:\n  organ_lo: 2.0\n" + MEMBER);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> EnsembleSpec.read(file.toString()));
    assertTrue(e.getMessage().startsWith(file + ": unknown key 'organ_lo'"), e.getMessage());
  }

  @Test
  void aMemberWithBothAModelAndATorchScriptFileIsRefused() throws IOException {
    Path file = write(MEMBER + "    torchscript: m.pt\n");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> EnsembleSpec.read(file.toString()));
    assertTrue(e.getMessage().contains("member 'organs': needs exactly one of"), e.getMessage());
  }

  @Test
  void aShortHashIsRefused() throws IOException {
    Path file = write(MEMBER.replace(HASH, "abc"));
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> EnsembleSpec.read(file.toString()));
    assertTrue(e.getMessage().contains("sha256 must be 64 lower-case hex digits"), e.getMessage());
  }

  @Test
  void aNegativeFactorIsRefused() throws IOException {
    Path file = write("scaling:\n  organ_low: -1\n" + MEMBER);
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> EnsembleSpec.read(file.toString()));
    assertTrue(e.getMessage().contains("organ_low must be a finite number >= 0"), e.getMessage());
  }

  @Test
  void aWrittenSpecReadsBackTheSame() throws Exception {
    EnsembleSpec spec = EnsembleSpec.read(write(MEMBER).toString()).withScaling(Scaling.METHOD.withFactor(1, 2.25));
    Path out = dir.resolve("tuned.yaml");
    spec.write(out, "tuned\nby a test");
    assertTrue(Files.readString(out).startsWith("# tuned\n# by a test\n"));
    assertEquals(spec, EnsembleSpec.read(out.toString()));
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("ensemble.yaml"), yaml);
  }
}
