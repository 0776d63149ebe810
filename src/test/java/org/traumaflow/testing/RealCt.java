package org.traumaflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real CT data in {@code ../shared/real-ct} (its README has the facts): a Siemens series in
 * JPEG 2000 lossless with TotalSegmentator's label mask for it, stored LAS while the DICOM is LPS.
 */
public final class RealCt {
  /** TotalSegmentator v2's label numbers in the mask (not the competition's 1..5). */
  public static final int SPLEEN = 1;
  public static final int LIVER = 5;

  private static final Path ROOT = Path.of("..", "shared", "real-ct");

  private RealCt() {}

  /** The folder of the 20-slice DICOM series. */
  public static Path series() {
    return existing(ROOT.resolve("example_ct_dicom"));
  }

  /** TotalSegmentator's labels for {@link #series()}. */
  public static Path mask() {
    return existing(ROOT.resolve("example_seg_dicom.nii.gz"));
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new AssertionError(path.toAbsolutePath() + " is missing: the real-CT tests read ../shared/real-ct");
    }
    return path;
  }
}
