package org.traumaflow.pipeline.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.model.InferenceBatch;
import org.traumaflow.spec.InvalidSpecException;

class PreprocessSpecTest {
  @TempDir Path dir;

  @Test
  void theBuiltInSpecHoldsTheMethodsValues() {
    PreprocessSpec spec = PreprocessSpec.builtIn();
    assertEquals(50, spec.window().level());
    assertEquals(400, spec.window().width());
    assertEquals(List.of("ours", "theo"), spec.variants());
    assertEquals(128, spec.stage1().size());
    assertEquals(2, spec.stage1().sliceStep());
    assertEquals(32, spec.segmentation().chunkDepth());
    assertEquals(0.5, spec.segmentation().threshold());
    assertEquals(org.traumaflow.sequence.SequenceConfig.method(), spec.sequenceConfig());
    assertEquals(new org.traumaflow.seg.StudyCrop(0.05, 10), spec.crop().studyCrop());
  }

  @Test
  void aNegativeCropMarginOrAFractionAboveOneIsRefusedNamingTheFile() throws IOException {
    Path margin = edited("margin_mm: 10", "margin_mm: -5");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(margin.toString()).spec());
    assertTrue(e.getMessage().startsWith(margin + ": ") && e.getMessage().contains("crop margin"), e.getMessage());
    Path fraction = edited("min_component_fraction: 0.05", "min_component_fraction: 5");
    InvalidSpecException f = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(fraction.toString()).spec());
    assertTrue(f.getMessage().startsWith(fraction + ": ") && f.getMessage().contains("component fraction"), f.getMessage());
  }

  @Test
  void theSpecInTheRepositoryIsTheOneInTheJar() throws Exception {
    assertEquals(PreprocessSpec.builtIn(), PreprocessSpecFile.given("pipelines/preprocess.yaml").spec());
  }

  @Test
  void aSpecIsLoadedFromABeamLocationAndAMissingOneIsNamed() throws Exception {
    assertEquals(PreprocessSpec.builtIn(), PreprocessSpecFile.given(Path.of("pipelines/preprocess.yaml").toAbsolutePath().toUri().toString()).spec());
    String missing = Path.of("pipelines/absent.yaml").toAbsolutePath().toString();
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(missing).spec());
    assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
  }

  @Test
  void unknownAndMissingKeysAreRefusedNamingTheFileAndTheKey() throws IOException {
    Path extra = edited("threshold: 0.5", "threshold: 0.5\n  treshold: 0.4");
    InvalidSpecException unknown = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(extra.toString()).spec());
    assertTrue(unknown.getMessage().startsWith(extra + ": unknown key 'treshold'"), unknown.getMessage());
    Path missing = edited("threshold: 0.5", "treshold: 0.5");
    InvalidSpecException absent = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(missing.toString()).spec());
    assertTrue(absent.getMessage().startsWith(missing + ": ") && absent.getMessage().contains("'threshold'"), absent.getMessage());
  }

  @Test
  void scoringTakesOneWindowAndTwoTripletsAPassAlsoWithASpecRecordedBeforeTheKeyExisted() throws Exception {
    assertEquals(new InferenceBatch(1, 2), PreprocessSpec.builtIn().sequences().inferenceBatch());
    Path older = edited("  encoder_triplets: 2\n", "");
    assertEquals(new InferenceBatch(1, 2), PreprocessSpecFile.given(older.toString()).spec().sequences().inferenceBatch());
    Path whole = edited("encoder_triplets: 2", "encoder_triplets: 32");
    assertEquals(InferenceBatch.wholeWindows(1), PreprocessSpecFile.given(whole.toString()).spec().sequences().inferenceBatch());
    Path zero = edited("encoder_triplets: 2", "encoder_triplets: 0");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(zero.toString()).spec());
    assertTrue(e.getMessage().startsWith(zero + ": ") && e.getMessage().contains("encoder_triplets must be at least 1"), e.getMessage());
  }

  @Test
  void aThresholdOutsideZeroToOneIsRefused() throws IOException {
    Path spec = edited("threshold: 0.5", "threshold: 1.5");
    InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(spec.toString()).spec());
    assertTrue(e.getMessage().contains("threshold"), e.getMessage());
  }

  @Test
  void aReferenceMaskLabelGivenToTwoOrgansOrOutsideALabelsRangeIsRefused() throws IOException {
    Map<String, List<String>> cases = Map.of(
        "reference mask label 5 is given to both LIVER and SPLEEN", List.of("spleen: [1]", "spleen: [5]"),
        "reference mask labels are 1..255, got 256 for BOWEL", List.of("bowel: [18, 19, 20]", "bowel: [18, 19, 256]"));
    for (Map.Entry<String, List<String>> refusal : cases.entrySet()) {
      Path spec = edited(refusal.getValue().get(0), refusal.getValue().get(1));
      String message = assertThrows(InvalidSpecException.class, () -> PreprocessSpecFile.given(spec.toString()).spec()).getMessage();
      assertTrue(message.startsWith(spec + ": " + refusal.getKey()), message);
    }
  }

  private Path edited(String from, String to) throws IOException {
    String text = Files.readString(Path.of("pipelines/preprocess.yaml"));
    assertTrue(text.contains(from));
    return Files.writeString(dir.resolve("spec.yaml"), text.replace(from, to));
  }
}
