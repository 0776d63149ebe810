package org.traumaflow.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.dicom.codec.ReferenceDicomTools.Decoded;
import org.traumaflow.dicom.codec.ReferenceDicomTools;
import org.traumaflow.dicom.codec.SampleComparison;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;

/** JPEG frames written by dcmtk, GDCM and others decode as pydicom (GDCM/Pillow) decodes them. */
class JpegFrameDecoderTest {

  private static final String DCMCJPEG = "/usr/bin/dcmcjpeg";
  private static final String GDCMCONV = "/usr/bin/gdcmconv";

  @TempDir Path work;

  private final JpegFrameDecoder decoder = new JpegFrameDecoder();

  static Stream<Arguments> losslessConversions() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String file : List.of("CT_small.dcm", "MR_small.dcm")) {
      cases.add(Arguments.of(file, TransferSyntax.JPEG_LOSSLESS_SV1, DCMCJPEG, List.of("+e1")));
      cases.add(Arguments.of(file, TransferSyntax.JPEG_LOSSLESS, DCMCJPEG, List.of("+el", "+sv", "6")));
      cases.add(Arguments.of(file, TransferSyntax.JPEG_LOSSLESS, DCMCJPEG, List.of("+el", "+sv", "7")));
      cases.add(Arguments.of(file, TransferSyntax.JPEG_LOSSLESS_SV1, GDCMCONV, List.of("--jpeg")));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {2} {3}")
  @MethodSource("losslessConversions")
  void losslessJpegOfRealImagesDecodesToTheOriginalSamples(
      String file, TransferSyntax expected, String tool, List<String> options) throws Exception {
    Path source = ReferenceDicomTools.pydicomTestFile(file);
    Path compressed = work.resolve("lossless.dcm");

    Decoded original = ReferenceDicomTools.decodeWithPydicom(source, work);
    ReferenceDicomTools.convert(tool, tool.equals(DCMCJPEG) ? "dcmtk" : "libgdcm-tools",
        concat(options, source.toString(), compressed.toString()));
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);
    int[] ours = decode(reference);

    assertEquals(expected.uid(), reference.transferSyntax());
    assertArrayEquals(original.values(), ours, "ours against the uncompressed original");
    assertArrayEquals(reference.values(), ours, "ours against pydicom");
  }

  @Test
  void twelveBitPrecisionLosslessJpegDecodesExactly() throws Exception {
    // dcmtk's older lossless codec (+pl) writes the JPEG precision from Bits Stored: 12 here.
    PixelDescription ct = TestFrames.grayscale(97, 83, 16, 12, false);
    int[] samples = TestFrames.frame(Content.CT_LIKE, ct, 4);
    Path compressed = work.resolve("p12.dcm");
    ReferenceDicomTools.convert(DCMCJPEG, "dcmtk", "+pl", "+el", "+sv", "2", "+bt",
        ReferenceDicomTools.nativeDicom(samples, ct, work).toString(), compressed.toString());

    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);

    assertEquals(12, reference.frame()[findSof(reference.frame()) + 4], "JPEG precision");
    assertArrayEquals(samples, decode(reference));
  }

  @Test
  void eightBitGrayscaleLosslessJpegDecodesExactly() throws Exception {
    PixelDescription gray = TestFrames.grayscale(61, 45, 8, 8, false);
    int[] samples = TestFrames.frame(Content.RANDOM, gray, 8);
    Path compressed = work.resolve("p8.dcm");
    ReferenceDicomTools.convert(GDCMCONV, "libgdcm-tools", "--jpeg",
        ReferenceDicomTools.nativeDicom(samples, gray, work).toString(), compressed.toString());

    assertArrayEquals(samples, decode(ReferenceDicomTools.decodeWithPydicom(compressed, work)));
  }

  @Test
  void colourLosslessJpegDecodesExactly() throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(
        ReferenceDicomTools.pydicomTestFile("SC_rgb_jpeg_gdcm.dcm"), work);

    assertArrayEquals(reference.values(), decode(reference));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"JPGExtended.dcm", "JPEG-lossy.dcm"})
  void twelveBitExtendedJpegIsCloseToPydicom(String file) throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(ReferenceDicomTools.pydicomTestFile(file), work);

    SampleComparison.assertClose(reference.values(), decode(reference), 1, 0.05, file);
  }

  @Test
  void twelveBitExtendedJpegFromDcmtkIsCloseToPydicomAndTheOriginal() throws Exception {
    PixelDescription ct = TestFrames.grayscale(130, 75, 16, 12, false);
    int[] samples = TestFrames.frame(Content.CT_LIKE, ct, 12);
    Path compressed = work.resolve("extended.dcm");
    ReferenceDicomTools.convert(DCMCJPEG, "dcmtk", "+ee", "+q", "95",
        ReferenceDicomTools.nativeDicom(samples, ct, work).toString(), compressed.toString());

    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);
    int[] ours = decode(reference);

    assertEquals(TransferSyntax.JPEG_EXTENDED.uid(), reference.transferSyntax());
    SampleComparison.assertClose(reference.values(), ours, 1, 0.05, "ours against pydicom");
    SampleComparison.assertClose(samples, ours, 200, 20, "ours against the original");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm", "SC_rgb_dcmtk_+eb+cy+s2.dcm",
    "SC_rgb_dcmtk_+eb+cy+n1.dcm", "SC_rgb_dcmtk_+eb+cr.dcm", "SC_jpeg_no_color_transform.dcm",
    "SC_jpeg_no_color_transform_2.dcm", "SC_rgb_jpeg_app14_dcmd.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm",
    "SC_rgb_small_odd_jpeg.dcm"
  })
  void baselineColourJpegKeepsTheStoredColourSpaceAsPydicomDoes(String file) throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(ReferenceDicomTools.pydicomTestFile(file), work);

    SampleComparison.assertClose(reference.values(), decode(reference), 2, 0.1, file);
  }

  @Test
  void truncatedFrameIsCorrupt() throws Exception {
    Decoded reference = losslessMrSmall();
    byte[] truncated = Arrays.copyOf(reference.frame(), reference.frame().length / 2);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("half.dcm", truncated, reference.pixels(), new int[4096]));
    assertTrue(e.reason().startsWith("JPEG"), e.reason());
  }

  @Test
  void randomBytesAreCorrupt() {
    byte[] noise = new byte[5000];
    new Random(5).nextBytes(noise);
    PixelDescription pixels = TestFrames.grayscale(64, 64, 16, 16, false);

    assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("noise.dcm", noise, pixels, new int[4096]));
  }

  @Test
  void imageOfAnotherSizeThanDeclaredIsCorrupt() throws Exception {
    Decoded reference = losslessMrSmall();
    PixelDescription declared = TestFrames.grayscale(128, 64, 16, 16, true);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("mr.dcm", reference.frame(), declared, new int[declared.samplesPerFrame()]));
    assertEquals("JPEG image is 64 x 64 (columns x rows), the header declares 64 x 128", e.reason());
  }

  @Test
  void imageWithOtherSamplesPerPixelThanDeclaredIsCorrupt() throws Exception {
    Decoded reference = losslessMrSmall();
    PixelDescription declared = TestFrames.colour(64, 64, 16);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("mr.dcm", reference.frame(), declared, new int[declared.samplesPerFrame()]));
    assertEquals("JPEG image has 1 samples per pixel, the header declares 3", e.reason());
  }

  @Test
  void truncatedTwelveBitFrameIsCorrupt() throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(
        ReferenceDicomTools.pydicomTestFile("JPGExtended.dcm"), work);
    byte[] truncated = Arrays.copyOf(reference.frame(), reference.frame().length - 2000);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("cut.dcm", truncated, reference.pixels(), new int[reference.pixels().samplesPerFrame()]));
    assertTrue(e.reason().contains("JPEG entropy-coded data"), e.reason());
  }

  @Test
  void damagedTwelveBitFramesFailCleanlyOrDecode() throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(
        ReferenceDicomTools.pydicomTestFile("JPGExtended.dcm"), work);
    Random random = new Random(77);
    for (int trial = 0; trial < 300; trial++) {
      byte[] frame = reference.frame().clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        // mostly the header, where the tables and sizes are
        int at = random.nextBoolean() ? random.nextInt(200) : random.nextInt(frame.length);
        frame[at] = (byte) random.nextInt(256);
      }
      try {
        decoder.decode("fuzz", frame, reference.pixels(), new int[reference.pixels().samplesPerFrame()]);
      } catch (CorruptPixelDataException expected) {
        assertTrue(expected.reason().contains("JPEG"), expected.reason());
      }
    }
  }

  private Decoded losslessMrSmall() throws IOException {
    Path compressed = work.resolve("mr-lossless.dcm");
    ReferenceDicomTools.convert(DCMCJPEG, "dcmtk", "+e1",
        ReferenceDicomTools.pydicomTestFile("MR_small.dcm").toString(), compressed.toString());
    return ReferenceDicomTools.decodeWithPydicom(compressed, work);
  }

  private int[] decode(Decoded reference) throws CorruptPixelDataException {
    int[] out = new int[reference.pixels().samplesPerFrame()];
    decoder.decode("reference", reference.frame(), reference.pixels(), out);
    return out;
  }

  /** Offset of the first SOFn marker of a JPEG stream. */
  private static int findSof(byte[] jpeg) {
    int pos = 2;
    while ((jpeg[pos + 1] & 0xF0) != 0xC0 || jpeg[pos + 1] == (byte) 0xC4) {
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
    }
    return pos;
  }

  private static String[] concat(List<String> options, String... more) {
    return Stream.concat(options.stream(), Stream.of(more)).toArray(String[]::new);
  }
}
