package org.traumaflow.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.traumaflow.dicom.CtImageHeader;
import org.traumaflow.dicom.CtSliceWriter;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * Writes small CT series through the project's writer for tests that need a folder of slices
 * with chosen geometry: instance i at z = zStart + i x zStep (negative step: feet first).
 */
public record CtSeriesFixture(String seriesUid, int rows, int columns, int slices, double zStart, double zStep) {

  public static CtSeriesFixture of(String seriesUid, int slices) {
    return new CtSeriesFixture(seriesUid, 32, 40, slices, 0, 2.5);
  }

  public CtSeriesFixture withSize(int rows, int columns) {
    return new CtSeriesFixture(seriesUid, rows, columns, slices, zStart, zStep);
  }

  public CtSeriesFixture withZ(double start, double step) {
    return new CtSeriesFixture(seriesUid, rows, columns, slices, start, step);
  }

  /** Writes instances 1..slices as {@code <instance>.dcm} under {@code dir}; returns dir. */
  public Path writeTo(Path dir, TransferSyntax syntax) throws IOException {
    CtSliceWriter writer = new CtSliceWriter(syntax);
    Random random = new Random(seriesUid.hashCode());
    for (int instance = 1; instance <= slices; instance++) {
      writer.write(dir.resolve(instance + ".dcm"), header(instance), pixels(random, instance));
    }
    return dir;
  }

  public CtImageHeader header(int instance) {
    return new CtImageHeader(
        "10004", "1.2.826.0.1.3680043.8.498.10004", seriesUid, seriesUid + ".1." + instance, instance,
        new double[] {-150, -160, zStart + (instance - 1) * zStep}, new double[] {1, 0, 0, 0, 1, 0},
        new double[] {0.75, 0.75}, Math.abs(zStep), rows, columns, 12, 0, -1024, 1, 50, 400,
        zStep < 0 ? "FFS" : "HFS", "fixture");
  }

  /** Stored values (HU + 1024) with the instance number written into the first pixel. */
  private short[] pixels(Random random, int instance) {
    short[] stored = new short[rows * columns];
    for (int i = 0; i < stored.length; i++) {
      stored[i] = (short) (1024 + 40 + random.nextInt(30));
    }
    stored[0] = (short) (1024 + instance);
    return stored;
  }
}
