package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.RealCt;
import org.traumaflow.testing.ReferenceTools;

/**
 * {@code traumaflow inspect SERIES --mask MASK} on a real CT: TotalSegmentator's mask (stored LAS)
 * put onto the Siemens series (LPS, JPEG 2000 lossless) through both geometries gives, label for
 * label, the voxels and mean HU that nibabel + pydicom + GDCM give. Equal counts alone would not
 * catch a flipped axis; equal mean HU does, since a flipped organ lands on other tissue.
 */
class InspectMaskAgreesWithNibabelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void liverAndSpleenLandOnTheVoxelsNibabelAndPydicomPutThemOn() throws Exception {
    JsonNode reference = JSON.readTree(ReferenceTools.python("reference/nibabel_mask_on_dicom.py",
        RealCt.series().toString(), RealCt.mask().toString()));
    CliRun run = CliRun.of("inspect", RealCt.series().toString(), "--mask", RealCt.mask().toString());
    assertEquals(0, run.exitCode(), run.stderr());
    JsonNode labels = JSON.readTree(run.stdout()).get("mask").get("labels");
    for (int organ : new int[] {RealCt.LIVER, RealCt.SPLEEN}) {
      JsonNode expected = reference.get(String.valueOf(organ));
      JsonNode ours = labels.get(String.valueOf(organ));
      assertEquals(expected.get("voxels").asLong(), ours.get("voxels").asLong(), "label " + organ + " voxels on the DICOM grid");
      // The whole mask lies on the series' grid: every stored voxel maps to one CT voxel.
      assertEquals(expected.get("stored").asLong(), ours.get("voxels").asLong(), "label " + organ + " voxels stored in the mask");
      assertEquals(expected.get("hu_mean").asDouble(), ours.get("hu_mean").asDouble(), 1e-6, "label " + organ + " mean HU");
      // Contrast-enhanced liver and spleen, not fat or air: the mask is on the organs.
      assertTrue(ours.get("hu_mean").asDouble() > 40, "label " + organ + " mean HU " + ours.get("hu_mean"));
    }
  }

  @Test
  void theRealSeriesHuVolumeKeepsTheSha256ThatPydicomAndGdcmGive() throws Exception {
    CliRun run = CliRun.of("inspect", RealCt.series().toString());
    assertEquals(0, run.exitCode(), run.stderr());
    // ../shared/real-ct/README.md: the JPEG 2000 frames decode to this volume, whichever decoder runs.
    assertEquals("0d9f62d8433a424e582d5a4478ba5af0eff3f5c3589fc90af21b0c448fd0ff5e",
        JSON.readTree(run.stdout()).findValue("hu_sha256").asText(), run.stdout());
  }

  @Test
  void aMaskThatIsNotNiftiIsRefusedNamingTheFile() {
    java.nio.file.Path notNifti = RealCt.series().resolve(RealCt.series().toFile().list()[0]);
    CliRun run = CliRun.of("inspect", RealCt.series().toString(), "--mask", notNifti.toString());
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: " + notNifti), run.stderr());
  }
}
