package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.traumaflow.testing.ReferenceTools.pydicomTestFile;
import static org.traumaflow.testing.ReferenceTools.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.ReferenceTools;

/**
 * {@code traumaflow inspect} against pydicom on real files: the files Debian's pydicom ships,
 * and conversions of real CT slices made now by dcmtk and GDCM into every transfer syntax the
 * reader takes. Lossless syntaxes must give pydicom's HU volume bit for bit (same SHA-256);
 * lossy ones the same within the codecs' tolerance.
 */
class InspectAgreesWithPydicomTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  /** CT_small (128x128, signed 16-bit) and a 512x512 CT (13 of 16 bits stored), uncompressed. */
  private static Path smallCt;
  private static Path largeCt;

  @BeforeAll
  static void decompressSources() {
    smallCt = pydicomTestFile("CT_small.dcm");
    largeCt = work.resolve("ct512-raw.dcm");
    run("gdcmconv", "--raw", pydicomTestFile("J2K_pixelrep_mismatch.dcm").toString(), largeCt.toString());
  }

  static Stream<Arguments> losslessFiles() {
    return Stream.of(
        shipped("CT_small.dcm"),
        shipped("MR_small.dcm"),
        shipped("MR_small_implicit.dcm"),
        shipped("MR_small_bigendian.dcm"),
        shipped("MR_small_expb.dcm"),
        shipped("MR_small_RLE.dcm"),
        shipped("MR_small_padded.dcm"),
        shipped("MR_small_jp2klossless.dcm"),
        shipped("J2K_pixelrep_mismatch.dcm"),
        shipped("image_dfl.dcm"),
        shipped("rtdose.dcm"),
        shipped("rtdose_expb.dcm"),
        shipped("rtdose_rle.dcm"),
        converted("dcmcrle", (in, out) -> List.of("dcmcrle", in, out)),
        converted("gdcmconv --rle", (in, out) -> List.of("gdcmconv", "--rle", in, out)),
        converted("dcmcjpeg SV1", (in, out) -> List.of("dcmcjpeg", "+e1", in, out)),
        converted("dcmcjpeg process 14", (in, out) -> List.of("dcmcjpeg", "+el", in, out)),
        converted("dcmcjpeg SV1 1 KB fragments", (in, out) -> List.of("dcmcjpeg", "+e1", "+fs", "1", in, out)),
        converted("gdcmconv --jpeg", (in, out) -> List.of("gdcmconv", "--jpeg", in, out)),
        converted("gdcmconv --j2k", (in, out) -> List.of("gdcmconv", "--j2k", in, out)),
        converted("dcmconv implicit", (in, out) -> List.of("dcmconv", "+ti", in, out)),
        converted("dcmconv big endian", (in, out) -> List.of("dcmconv", "+tb", in, out)),
        converted("dcmconv deflated", (in, out) -> List.of("dcmconv", "+td", in, out)))
        .flatMap(Function.identity());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losslessFiles")
  void losslessFileMatchesPydicomExactly(String name, Function<Path, Path> fixture) throws IOException {
    Path file = fixture.apply(work);
    JsonNode ours = inspect(file);
    JsonNode reference = JSON.readTree(ReferenceTools.python("reference/pydicom_inspect.py", file.toString()));
    for (String field : List.of("series_instance_uid", "transfer_syntaxes", "slices", "rows", "columns", "hu_min", "hu_max", "hu_sha256")) {
      assertEquals(reference.get(field), ours.get(field), name + ": " + field);
    }
    assertEquals(reference.get("hu_mean").asDouble(), ours.get("hu_mean").asDouble(), 1e-6, name + ": hu_mean");
    assertEquals(reference.get("pixel_spacing"), ours.get("pixel_spacing"), name + ": pixel_spacing");
  }

  static Stream<Arguments> lossyFiles() {
    return Stream.of(
        shipped("693_J2KI.dcm"),
        shipped("JPEG2000.dcm"),
        shipped("JPGExtended.dcm"),
        converted("dcmcjpeg baseline", (in, out) -> List.of("dcmcjpeg", "+eb", in, out)))
        .flatMap(Function.identity());
  }

  /** Lossy decoders may round differently; they must agree to within a few HU almost everywhere. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lossyFiles")
  void lossyFileMatchesPydicomWithinCodecTolerance(String name, Function<Path, Path> fixture) throws Exception {
    Path file = fixture.apply(work);
    Path raw = work.resolve(file.getFileName() + ".reference.raw");
    JsonNode reference = JSON.readTree(ReferenceTools.python("reference/pydicom_inspect.py", file.toString(), "--raw", raw.toString()));
    JsonNode ours = inspect(file);
    assertEquals(reference.get("slices"), ours.get("slices"), name);
    assertEquals(reference.get("rows"), ours.get("rows"), name);
    assertEquals(reference.get("columns"), ours.get("columns"), name);
    CtSeries series = SeriesReader.read(List.of(file));
    ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    short[] hu = series.hu();
    assertEquals(expected.capacity() / 2, hu.length, name + ": voxel count");
    int range = Math.max(1, reference.get("hu_max").asInt() - reference.get("hu_min").asInt());
    long far = 0;
    double sumAbs = 0;
    for (int i = 0; i < hu.length; i++) {
      int diff = Math.abs(hu[i] - expected.getShort(2 * i));
      sumAbs += diff;
      if (diff > 0.02 * range) {
        far++;
      }
    }
    assertTrue(sumAbs / hu.length <= 0.005 * range, name + ": mean difference " + sumAbs / hu.length + " of range " + range);
    assertTrue(far <= hu.length / 1000, name + ": " + far + " voxels differ by more than 2% of the range");
  }

  private static JsonNode inspect(Path file) throws IOException {
    CliRun result = CliRun.of("inspect", file.toString());
    assertEquals(0, result.exitCode(), "inspect " + file + " failed: " + result.stderr());
    return JSON.readTree(result.stdout());
  }

  private static Stream<Arguments> shipped(String name) {
    return Stream.of(Arguments.of(name, (Function<Path, Path>) dir -> pydicomTestFile(name)));
  }

  /** The same conversion applied to both real CT sources. */
  private static Stream<Arguments> converted(String tool, Conversion conversion) {
    return Stream.of("ct128", "ct512").map(label -> Arguments.of(
        tool + " of " + label,
        (Function<Path, Path>) dir -> {
          Path in = label.equals("ct128") ? smallCt : largeCt;
          Path out = dir.resolve(label + "-" + tool.replaceAll("[^A-Za-z0-9]+", "_") + ".dcm");
          if (!Files.exists(out)) {
            run(conversion.command(in.toString(), out.toString()).toArray(String[]::new));
          }
          return out;
        }));
  }

  @FunctionalInterface
  private interface Conversion {
    List<String> command(String in, String out);
  }
}
