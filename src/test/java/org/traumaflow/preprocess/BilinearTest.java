package org.traumaflow.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Our resize against OpenCV's cv2.resize(INTER_LINEAR), which the method's code used. */
class BilinearTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({"100, 77, 128, 128", "512, 512, 128, 128", "300, 410, 384, 384", "64, 64, 64, 64", "37, 53, 20, 11"})
  void matchesOpenCv(int rows, int columns, int outRows, int outColumns) throws Exception {
    Random random = new Random(rows * 31 + columns);
    float[] image = new float[rows * columns];
    for (int i = 0; i < image.length; i++) {
      image[i] = random.nextFloat();
    }
    float[] reference = Cv2Resize.resize(dir, image, rows, columns, outRows, outColumns, "linear");

    float[] ours = new float[outRows * outColumns];
    Bilinear.resize((r, c) -> image[r * columns + c], rows, columns, ours, 0, outRows, outColumns);
    double worst = 0;
    for (int i = 0; i < ours.length; i++) {
      worst = Math.max(worst, Math.abs(ours[i] - reference[i]));
    }
    // OpenCV interpolates float images with float weights: agreement to float rounding.
    assertEquals(0, worst, 1e-4, "largest difference from cv2.resize");
  }
}
