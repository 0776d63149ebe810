package org.traumaflow.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
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

/** JPEG 2000: our lossless encoder, JAI decoding, and agreement with pydicom (GDCM/OpenJPEG). */
class Jpeg2000CodecTest {

  private static final String J2K_LOSSLESS = TransferSyntax.JPEG_2000_LOSSLESS.uid();

  @TempDir Path work;

  private final Jpeg2000FrameEncoder encoder = new Jpeg2000FrameEncoder();
  private final Jpeg2000FrameDecoder decoder = new Jpeg2000FrameDecoder();

  static Stream<Arguments> frames() {
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Content content : Content.values()) {
      for (boolean signed : new boolean[] {false, true}) {
        if (content != Content.RUN_HEAVY) {
          cases.add(Arguments.of(content, 5, 7, 16, signed)); // a 5 x 7 run-heavy frame is flat
        }
        cases.add(Arguments.of(content, 131, 97, 16, signed));
      }
      cases.add(Arguments.of(content, 33, 40, 8, false));
    }
    cases.add(Arguments.of(Content.CT_LIKE, 512, 512, 16, true));
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}x{2} {3}-bit signed={4}")
  @MethodSource("frames")
  void losslessEncodingRoundTripsExactly(Content content, int rows, int columns, int bits, boolean signed)
      throws CorruptPixelDataException {
    PixelDescription pixels = TestFrames.grayscale(rows, columns, bits, bits, signed);
    int[] samples = signedWhenAsked(TestFrames.frame(content, pixels, rows * 31L + columns), pixels);

    byte[] encoded = encoder.encode(samples, pixels);
    int[] decoded = new int[pixels.samplesPerFrame()];
    decoder.decode("round trip", encoded, pixels, decoded);

    assertArrayEquals(TestFrames.lowBits(samples, bits, samples.length), decoded);
  }

  @Test
  void flatFrameThatJaiCannotEncodeLosslesslyIsRefusedNotWrittenLossy() {
    PixelDescription pixels = TestFrames.grayscale(64, 64, 16, 16, false);
    int[] flat = new int[64 * 64];
    Arrays.fill(flat, 1001); // JAI writes this as 1024

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> encoder.encode(flat, pixels));
    assertTrue(e.getMessage().contains("1001 came back as 1024"), e.getMessage());
  }

  @Test
  void encoderWritesABareEvenLengthCodestream() {
    PixelDescription pixels = TestFrames.grayscale(16, 16, 16, 16, true);
    byte[] encoded = encoder.encode(TestFrames.frame(Content.CT_LIKE, pixels, 1), pixels);

    assertEquals(0xFF4FFF51, (encoded[0] & 0xFF) << 24 | (encoded[1] & 0xFF) << 16 | (encoded[2] & 0xFF) << 8 | (encoded[3] & 0xFF),
        "starts with SOC and SIZ, not a JP2 box");
    assertEquals(0, encoded.length % 2);
  }

  @Test
  void encoderMarksSignedImagesAsSignedCodestreams() {
    PixelDescription signed = TestFrames.grayscale(8, 8, 16, 16, true);
    PixelDescription unsigned = TestFrames.grayscale(8, 8, 16, 16, false);
    int[] samples = new int[64];

    // SIZ: SOC(2) SIZ(2) Lsiz(2) Rsiz(2) 8 x 4-byte sizes(32) Csiz(2), then Ssiz of component 0
    assertEquals(0x8F, encoder.encode(samples, signed)[4 + 2 + 2 + 32 + 2] & 0xFF, "signed, 16 bits");
    assertEquals(0x0F, encoder.encode(samples, unsigned)[4 + 2 + 2 + 32 + 2] & 0xFF, "unsigned, 16 bits");
  }

  @ParameterizedTest(name = "signed={0}")
  @ValueSource(booleans = {false, true})
  void pydicomDecodesOurLosslessCodestreamExactly(boolean signed) throws Exception {
    PixelDescription pixels = TestFrames.grayscale(131, 97, 16, 16, signed);
    int[] samples = signedWhenAsked(TestFrames.frame(Content.CT_LIKE, pixels, 3), pixels);

    Path dicom = ReferenceDicomTools.encapsulatedDicom(encoder.encode(samples, pixels), J2K_LOSSLESS, pixels, work);
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(dicom, work);

    assertArrayEquals(TestFrames.lowBits(samples, 16, samples.length), reference.values());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"MR_small_jp2klossless.dcm", "J2K_pixelrep_mismatch.dcm"})
  void losslessTestFilesDecodeAsPydicomDecodesThem(String file) throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(ReferenceDicomTools.pydicomTestFile(file), work);

    assertArrayEquals(asUserSeesThem(reference.values(), reference.pixels()),
        asUserSeesThem(decode(reference), reference.pixels()));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"JPEG2000.dcm", "693_J2KI.dcm", "SC_rgb_gdcm_KY.dcm"})
  void lossyTestFilesDecodeCloseToPydicom(String file) throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(ReferenceDicomTools.pydicomTestFile(file), work);

    SampleComparison.assertClose(asUserSeesThem(reference.values(), reference.pixels()),
        asUserSeesThem(decode(reference), reference.pixels()), 2, 0.1, file);
  }

  @Test
  void gdcmLosslessJ2kOfACtImageDecodesToTheOriginal() throws Exception {
    Path source = ReferenceDicomTools.pydicomTestFile("CT_small.dcm");
    Path compressed = work.resolve("ct-j2k.dcm");
    ReferenceDicomTools.convert("/usr/bin/gdcmconv", "libgdcm-tools", "--j2k", source.toString(), compressed.toString());

    Decoded original = ReferenceDicomTools.decodeWithPydicom(source, work);
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);

    assertEquals(J2K_LOSSLESS, reference.transferSyntax());
    assertArrayEquals(original.values(), decode(reference));
  }

  @Test
  void codestreamWithAnEmbeddedSequenceDelimiterIsCorruptNotGarbage() throws Exception {
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(
        ReferenceDicomTools.pydicomTestFile("JPEG2000-embedded-sequence-delimiter.dcm"), work);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class, () -> decode(reference));
    assertTrue(e.reason().startsWith("JPEG 2000 frame does not decode"), e.reason());
  }

  @Test
  void truncatedCodestreamIsCorrupt() throws Exception {
    PixelDescription pixels = TestFrames.grayscale(64, 64, 16, 16, true);
    byte[] encoded = encoder.encode(TestFrames.frame(Content.RANDOM, pixels, 4), pixels);

    for (int length : new int[] {0, 2, 30, 100}) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThrows(CorruptPixelDataException.class,
          () -> decoder.decode("cut.dcm", truncated, pixels, new int[4096]), "truncated to " + length);
    }
  }

  @Test
  void codestreamWithDamagedHeaderIsCorrupt() {
    PixelDescription pixels = TestFrames.grayscale(64, 64, 16, 16, true);
    byte[] encoded = encoder.encode(TestFrames.frame(Content.CT_LIKE, pixels, 4), pixels);
    byte[] flipped = encoded.clone();
    flipped[2] = 0x12; // the SIZ marker
    flipped[3] = 0x34;

    assertThrows(CorruptPixelDataException.class, () -> decoder.decode("flip.dcm", flipped, pixels, new int[4096]));
  }

  @Test
  void codestreamOfAnotherSizeThanDeclaredIsCorrupt() {
    PixelDescription pixels = TestFrames.grayscale(64, 32, 16, 16, false);
    byte[] encoded = encoder.encode(new int[64 * 32], pixels);
    PixelDescription declared = TestFrames.grayscale(32, 64, 16, 16, false);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("size.dcm", encoded, declared, new int[64 * 32]));
    assertEquals("JPEG 2000 image is 32 x 64 (columns x rows), the header declares 64 x 32", e.reason());
  }

  private int[] decode(Decoded reference) throws CorruptPixelDataException {
    int[] out = new int[reference.pixels().samplesPerFrame()];
    decoder.decode("reference", reference.frame(), reference.pixels(), out);
    return out;
  }

  /** Shifts unsigned test samples into the signed range when the image is signed. */
  private static int[] signedWhenAsked(int[] samples, PixelDescription pixels) {
    if (!pixels.signed()) {
      return samples;
    }
    int offset = 1 << (pixels.bitsStored() - 1);
    return Arrays.stream(samples).map(v -> v - offset).toArray();
  }

  /** What the caller makes of raw bit patterns: sign-extended from Bits Stored when signed. */
  private static int[] asUserSeesThem(int[] raw, PixelDescription pixels) {
    if (!pixels.signed()) {
      return raw;
    }
    int unused = 32 - pixels.bitsStored();
    return Arrays.stream(raw).map(v -> (v << unused) >> unused).toArray();
  }
}
