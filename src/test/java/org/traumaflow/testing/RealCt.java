package org.traumaflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.traumaflow.label.LabelTables;
import org.traumaflow.synth.CompetitionLayout;

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

  /**
   * The series laid out as the only test patient of a dataset in the competition's layout under
   * {@code root}, once under each of {@code seriesIds}: {@code test_images/<patient>/<series>/<n>.dcm},
   * {@code test_series_meta.csv} and {@code sample_submission.csv}. The files are numbered in
   * their names' order, as the competition names them by instance number; nothing reads a
   * slice's order from its name.
   */
  public static CompetitionLayout asTestPatient(Path root, int patient, int... seriesIds) throws IOException {
    CompetitionLayout layout = new CompetitionLayout(root);
    List<Path> slices;
    try (Stream<Path> files = Files.list(series())) {
      slices = new ArrayList<>(files.sorted().toList());
    }
    StringBuilder meta = new StringBuilder(String.join(",", LabelTables.TEST_SERIES_META_COLUMNS) + "\n");
    for (int id : seriesIds) {
      Files.createDirectories(layout.seriesDirectory(false, patient, id));
      for (int i = 0; i < slices.size(); i++) {
        Files.copy(slices.get(i), layout.slice(false, patient, id, i + 1));
      }
      // The aortic HU is the competition's metadata, not read from the images: any plausible value.
      meta.append(patient).append(',').append(id).append(",180.0\n");
    }
    Files.writeString(layout.file(CompetitionLayout.TEST_SERIES_META_CSV), meta);
    List<String> probabilities = Collections.nCopies(LabelTables.SUBMISSION_COLUMNS.size() - 1, "0.5");
    Files.writeString(layout.file(CompetitionLayout.SAMPLE_SUBMISSION_CSV),
        String.join(",", LabelTables.SUBMISSION_COLUMNS) + "\n" + patient + "," + String.join(",", probabilities) + "\n");
    return layout;
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new AssertionError(path.toAbsolutePath() + " is missing: the real-CT tests read ../shared/real-ct");
    }
    return path;
  }
}
