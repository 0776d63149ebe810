package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.testing.ReferenceTools;

/**
 * A multi-slice CT series written by our writer reads back identically through our reader and
 * through pydicom, in every syntax the writer offers, for both pixel encodings real scanners
 * use; dcmtk's dcmdump accepts every file.
 */
class CtSliceWriterTest {
  private static final int ROWS = 48;
  private static final int COLUMNS = 64;
  private static final int SLICES = 5;

  @TempDir Path dir;

  record Encoding(String name, int bitsStored, int pixelRepresentation, double intercept) {}

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (TransferSyntax syntax : List.of(
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.RLE_LOSSLESS, TransferSyntax.JPEG_2000_LOSSLESS)) {
      cases.add(Arguments.of(syntax, new Encoding("unsigned 12-bit, intercept -1024", 12, 0, -1024)));
      cases.add(Arguments.of(syntax, new Encoding("signed 16-bit, intercept 0", 16, 1, 0)));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void seriesReadsBackIdenticallyHereAndInPydicom(TransferSyntax syntax, Encoding encoding) throws Exception {
    short[][] huBySlice = new short[SLICES][];
    Random random = new Random(42);
    CtSliceWriter writer = new CtSliceWriter(syntax);
    for (int i = 0; i < SLICES; i++) {
      huBySlice[i] = ctLikeSlice(random, i);
      short[] stored = new short[ROWS * COLUMNS];
      for (int p = 0; p < stored.length; p++) {
        stored[p] = (short) (huBySlice[i][p] - encoding.intercept());
      }
      // Feet first: instance 1 is the highest z, so instance order runs against the z axis.
      int instance = i + 1;
      double z = 100 - 2.5 * i;
      writer.write(dir.resolve(instance + ".dcm"), header(instance, z, encoding), stored);
    }

    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.sorted().toList();
    }
    CtSeries series = SeriesReader.read(files);
    assertEquals(SLICES, series.slices());
    assertEquals(List.of(syntax.uid()), series.transferSyntaxUids());
    assertEquals(2.5, series.geometry().medianSliceSpacing(), 1e-9);
    for (int s = 0; s < SLICES; s++) {
      // Assembled order is increasing z: the last instance written comes first.
      int instance = SLICES - s;
      assertEquals(instance, series.instanceNumbers()[s]);
      short[] slice = new short[ROWS * COLUMNS];
      System.arraycopy(series.hu(), s * slice.length, slice, 0, slice.length);
      assertArrayEquals(huBySlice[instance - 1], slice, "slice " + s);
    }

    JsonNode reference = new ObjectMapper().readTree(ReferenceTools.python("reference/pydicom_inspect.py", dir.toString()));
    assertEquals(SeriesSummary.of(series).huSha256(), reference.get("hu_sha256").asText(), "pydicom decodes the same HU volume");
    for (Path file : files) {
      ReferenceTools.Result dump = ReferenceTools.runAllowingFailure("dcmdump", "-q", file.toString());
      assertEquals(0, dump.exitCode(), "dcmdump rejects " + file + ": " + dump.stderr());
      assertFalse(dump.stderr().contains("E:"), "dcmdump reports errors for " + file + ": " + dump.stderr());
    }
  }

  /** Air outside a body disc, soft tissue inside, a bone spot, noise: the HU range of a CT slice. */
  private static short[] ctLikeSlice(Random random, int index) {
    short[] hu = new short[ROWS * COLUMNS];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < COLUMNS; c++) {
        double dx = (c - COLUMNS / 2.0) / (COLUMNS / 2.5);
        double dy = (r - ROWS / 2.0) / (ROWS / 2.5);
        double value = dx * dx + dy * dy < 1 ? 40 + random.nextGaussian() * 15 : -1000 + random.nextGaussian() * 5;
        if (Math.abs(r - ROWS * 0.7) < 3 && Math.abs(c - COLUMNS / 2.0) < 3) {
          value = 900 + 50 * index;
        }
        hu[r * COLUMNS + c] = (short) Math.round(value);
      }
    }
    return hu;
  }

  private static CtImageHeader header(int instance, double z, Encoding encoding) {
    return new CtImageHeader(
        "10104", "1.2.826.0.1.3680043.8.498.10104", "1.2.826.0.1.3680043.8.498.1.27010",
        "1.2.826.0.1.3680043.8.498.1.27010.1." + instance, instance,
        new double[] {-160.5, -172.25, z}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.7, 0.71},
        2.5, ROWS, COLUMNS, encoding.bitsStored(), encoding.pixelRepresentation(), encoding.intercept(), 1,
        50, 400, "FFS", "synthetic test series");
  }
}
