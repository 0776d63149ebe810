package org.traumaflow.dicom.codec.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.dicom.codec.ReferenceDicomTools.Decoded;
import org.traumaflow.dicom.codec.ReferenceDicomTools;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * Lossless JPEG (T.81 process 14) decodes bit for bit as pydicom (GDCM) decodes it, and as the
 * samples that were encoded: frames from dcmtk (every selection value, point transform, 16-bit
 * wrap-around), GDCM, and the reference encoder in dicom_reference.py (restart intervals,
 * precisions 2..16, non-interleaved colour). Damaged frames fail as corrupt pixel data.
 */
class LosslessJpegDecoderTest {

  private static final String DCMCJPEG = "/usr/bin/dcmcjpeg";
  private static final String GDCMCONV = "/usr/bin/gdcmconv";
  private static final String LOSSLESS = TransferSyntax.JPEG_LOSSLESS.uid();

  @TempDir static Path shared;
  @TempDir Path work;

  /** A real 512 x 512 CT (13 of 16 bits stored, signed), uncompressed, and pydicom's samples. */
  private static Path largeCt;
  private static Decoded largeCtOriginal;

  private final JpegFrameDecoder decoder = new JpegFrameDecoder();

  @BeforeAll
  static void decompressLargeCt() throws IOException {
    largeCt = shared.resolve("ct512-raw.dcm");
    ReferenceDicomTools.convert(GDCMCONV, "libgdcm-tools", "--raw",
        ReferenceDicomTools.pydicomTestFile("J2K_pixelrep_mismatch.dcm").toString(), largeCt.toString());
    largeCtOriginal = ReferenceDicomTools.decodeWithPydicom(largeCt, shared);
  }

  @Test
  void dcmtkProcess14OfA512CtMatchesPydicomUpToTheLastPixel() throws Exception {
    Decoded reference = dcmtk(largeCt, "+el");
    int[] ours = decode(reference);

    assertEquals(LOSSLESS, reference.transferSyntax());
    assertStoredBitsEqual(reference.values(), ours, 13, "ours against pydicom");
    assertStoredBitsEqual(largeCtOriginal.values(), ours, 13, "ours against the uncompressed original");
    // TwelveMonkeys 3.14.0 returns 0 here: the scan ends in a fill byte, FF FF D9.
    assertEquals(-2000, signExtend(ours[512 * 512 - 1], 13), "pixel (511, 511)");
  }

  @ParameterizedTest(name = "+sv {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
  void everySelectionValueOfDcmtkDecodesA512CtExactly(int selectionValue) throws Exception {
    Decoded reference = dcmtk(largeCt, "+el", "+sv", Integer.toString(selectionValue));

    assertEquals(selectionValue, scanHeaderByte(reference.frame(), 4), "Ss of the scan");
    int[] ours = decode(reference);
    assertStoredBitsEqual(reference.values(), ours, 13, "ours against pydicom");
    assertStoredBitsEqual(largeCtOriginal.values(), ours, 13, "ours against the original");
  }

  @ParameterizedTest(name = "{0} +sv {1} +pt {2}")
  @CsvSource({"ct512, 1, 2", "ct512, 6, 5", "CT_small.dcm, 7, 1", "MR_small.dcm, 4, 3", "CT_small.dcm, 1, 15"})
  void pointTransformFromDcmtkDecodesAsPydicomDecodesIt(String file, int selectionValue, int pointTransform)
      throws Exception {
    Path source = file.equals("ct512") ? largeCt : ReferenceDicomTools.pydicomTestFile(file);
    Decoded original = file.equals("ct512") ? largeCtOriginal : ReferenceDicomTools.decodeWithPydicom(source, work);
    Decoded reference = dcmtk(source, "+el", "+sv", Integer.toString(selectionValue),
        "+pt", Integer.toString(pointTransform));
    int bitsStored = reference.pixels().bitsStored();

    assertEquals(pointTransform, scanHeaderByte(reference.frame(), 6) & 0x0F, "Al of the scan");
    int[] ours = decode(reference);
    assertStoredBitsEqual(reference.values(), ours, bitsStored, "ours against pydicom");
    int[] truncated = original.values().clone();
    for (int i = 0; i < truncated.length; i++) {
      truncated[i] = (truncated[i] & 0xFFFF) >> pointTransform << pointTransform;
    }
    assertStoredBitsEqual(truncated, ours, bitsStored, "ours against the original less its low bits");
  }

  @ParameterizedTest(name = "+sv {0}")
  @ValueSource(ints = {4, 5, 6, 7})
  void sixteenBitPredictionsThatWrapAroundDecodeExactly(int selectionValue) throws Exception {
    // Full-range noise: Ra + Rb - Rc and friends leave 0..65535 all the time, and the
    // differences are only right modulo 2^16 (T.81 H.2), as dcmtk's encoder computes them.
    PixelDescription noise = TestFrames.grayscale(61, 67, 16, 16, false);
    int[] samples = TestFrames.frame(Content.RANDOM, noise, 40 + selectionValue);
    Decoded reference = dcmtk(ReferenceDicomTools.nativeDicom(samples, noise, work),
        "+el", "+sv", Integer.toString(selectionValue));

    assertArrayEquals(samples, reference.values(), "pydicom against the original");
    assertArrayEquals(samples, decode(reference), "ours against the original");
  }

  @Test
  void differenceOf32768IsCodedAsCategory16WithoutExtraBits() throws Exception {
    PixelDescription frame = TestFrames.grayscale(40, 50, 16, 16, false);
    int[] samples = TestFrames.frame(Content.RUN_HEAVY, frame, 16);
    Random random = new Random(16);
    for (int k = 0; k < 200; k++) {
      int at = 1 + random.nextInt(samples.length - 1);
      samples[at] = samples[at - 1] ^ 0x8000; // 32768 from its left neighbour
    }
    Decoded reference = dcmtk(ReferenceDicomTools.nativeDicom(samples, frame, work), "+el", "+sv", "1");

    assertTrue(huffmanSymbols(reference.frame()).contains(16), "the Huffman table codes category 16");
    assertArrayEquals(samples, reference.values(), "pydicom against the original");
    assertArrayEquals(samples, decode(reference), "ours against the original");
  }

  @Test
  void dcmtkLosslessColourDecodesExactly() throws Exception {
    PixelDescription rgb = TestFrames.colour(45, 38, 8);
    int[] samples = TestFrames.frame(Content.CT_LIKE, rgb, 3);
    Decoded reference = dcmtk(ReferenceDicomTools.nativeDicom(samples, rgb, work), "+el", "+sv", "7");

    assertEquals(3, reference.frame()[scanHeaderStart(reference.frame())] & 0xFF, "one interleaved scan");
    assertArrayEquals(samples, reference.values(), "pydicom against the original");
    assertArrayEquals(samples, decode(reference), "ours against the original");
  }

  @Test
  void gdcmLosslessOfA512CtDecodesExactly() throws Exception {
    Path compressed = work.resolve("gdcm.dcm");
    ReferenceDicomTools.convert(GDCMCONV, "libgdcm-tools", "--jpeg", largeCt.toString(), compressed.toString());
    Decoded reference = ReferenceDicomTools.decodeWithPydicom(compressed, work);

    assertStoredBitsEqual(reference.values(), decode(reference), 13, "ours against pydicom");
  }

  /** components, precision, selection value, point transform, lines per restart interval, interleaved. */
  @ParameterizedTest(name = "{0} components, P {1}, SV {2}, Pt {3}, restart every {4} lines, interleaved {5}")
  @CsvSource({
    "1, 16, 1, 0, 1, true",
    "1, 16, 6, 0, 3, true",
    "1, 12, 4, 0, 7, true",
    "1, 12, 5, 2, 2, true",
    "1, 16, 7, 0, 40, true",
    "3, 8, 1, 0, 0, false",
    "3, 8, 6, 0, 5, false",
    "3, 8, 4, 1, 4, true",
    "3, 16, 7, 0, 2, true",
    "3, 12, 2, 0, 0, false",
  })
  void restartIntervalsAndScansOfTheReferenceEncoderDecodeAsPydicomDecodesThem(
      int components, int precision, int selectionValue, int pointTransform, int restartLines,
      boolean interleaved) throws Exception {
    int bitsAllocated = precision <= 8 ? 8 : 16;
    PixelDescription pixels = components == 1
        ? TestFrames.grayscale(43, 37, bitsAllocated, precision, false)
        : new PixelDescription(43, 37, 3, bitsAllocated, precision, precision - 1, 0, "RGB", 0, 1);
    int[] samples = TestFrames.frame(Content.CT_LIKE, pixels, precision * 10 + selectionValue);

    Decoded reference = referenceEncoded(samples, pixels, selectionValue, pointTransform, restartLines, interleaved);

    assertArrayEquals(withoutLowBits(samples, pointTransform), reference.values(), "pydicom against the original");
    assertArrayEquals(reference.values(), decode(reference), "ours against pydicom");
  }

  @ParameterizedTest(name = "P {0}")
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16})
  void everyPrecisionDecodesAsPydicomDecodesIt(int precision) throws Exception {
    // GDCM reads precisions under 8 only from 8-bit images that declare 8 bits stored.
    int bitsAllocated = precision <= 8 ? 8 : 16;
    PixelDescription coded = TestFrames.grayscale(29, 31, bitsAllocated, precision, false);
    PixelDescription declared = TestFrames.grayscale(29, 31, bitsAllocated, Math.max(8, precision), false);
    int[] samples = TestFrames.frame(precision % 2 == 0 ? Content.RANDOM : Content.CT_LIKE, coded, precision);

    Decoded reference = referenceEncoded(samples, coded, declared, 1 + precision % 7, 0, precision % 3, true);

    assertArrayEquals(samples, reference.values(), "pydicom against the original");
    assertArrayEquals(samples, decode(reference), "ours against the original");
  }

  @Test
  void everyCutOfTheEntropyCodedDataIsCorrupt() throws Exception {
    Decoded reference = dcmtk(ReferenceDicomTools.pydicomTestFile("MR_small.dcm"), "+el");
    byte[] frame = reference.frame();
    int end = entropyEnd(frame);

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int cut = 0; cut < end; cut++) {
        byte[] truncated = Arrays.copyOf(frame, cut);
        CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
            () -> decoder.decode("cut", truncated, reference.pixels(), new int[4096]), "cut at " + cut);
        assertTrue(e.reason().contains("JPEG"), e.reason());
      }
    });
    assertArrayEquals(reference.values(), decodeFrame(Arrays.copyOf(frame, end), reference.pixels()),
        "without its EOI marker the frame is complete");
  }

  @Test
  void aStreamOfZeroBitsThatIsCutOffIsCorruptNotPadded() throws Exception {
    // A constant image codes every difference as category 0 with the one-bit code 0, so
    // made-up zero bits would decode into plausible pixels for ever.
    PixelDescription flat = TestFrames.grayscale(64, 64, 16, 16, false);
    int[] samples = new int[64 * 64];
    Arrays.fill(samples, 1000);
    byte[] frame = ReferenceDicomTools.losslessJpeg(samples, 64, 64, 1, 16, 1, 0, 0, true, work);
    byte[] cut = Arrays.copyOf(frame, entropyEnd(frame) - 100);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("flat", cut, flat, new int[samples.length]));
    assertEquals("JPEG entropy-coded data is cut off at offset " + cut.length, e.reason());
  }

  @Test
  void damagedFramesFailAsCorruptOrDecodeButNeverThrowAnythingElse() throws Exception {
    Decoded grey = dcmtk(ReferenceDicomTools.pydicomTestFile("MR_small.dcm"), "+el", "+sv", "5");
    PixelDescription rgb = TestFrames.colour(23, 19, 16);
    byte[] colour = ReferenceDicomTools.losslessJpeg(TestFrames.frame(Content.RANDOM, rgb, 9),
        23, 19, 3, 16, 6, 0, 2, true, work);
    int greyHeader = scanHeaderStart(grey.frame()) + 12;
    int colourHeader = scanHeaderStart(colour) + 12;
    Random random = new Random(2024);

    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      for (int trial = 0; trial < 400; trial++) {
        boolean useGrey = trial % 2 == 0;
        byte[] frame = (useGrey ? grey.frame() : colour).clone();
        PixelDescription pixels = useGrey ? grey.pixels() : rgb;
        int header = useGrey ? greyHeader : colourHeader;
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          int at = random.nextBoolean() ? random.nextInt(header) : random.nextInt(frame.length);
          frame[at] = (byte) random.nextInt(256);
        }
        if (random.nextInt(4) == 0) {
          frame = Arrays.copyOf(frame, random.nextInt(frame.length));
        }
        try {
          decoder.decode("fuzz", frame, pixels, new int[pixels.samplesPerFrame()]);
        } catch (CorruptPixelDataException expected) {
          assertTrue(expected.reason().contains("JPEG"), expected.reason());
        } catch (RuntimeException e) {
          fail("trial " + trial + " threw " + e, e);
        }
      }
    });
  }

  @Test
  void restartMarkersOutOfOrderAreCorrupt() throws Exception {
    PixelDescription pixels = TestFrames.grayscale(24, 20, 16, 12, false);
    byte[] frame = ReferenceDicomTools.losslessJpeg(TestFrames.frame(Content.CT_LIKE, pixels, 1),
        24, 20, 1, 12, 1, 0, 4, true, work);
    frame[indexOf(frame, (byte) 0xD1) + 1] = (byte) 0xD2;

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("rst", frame, pixels, new int[pixels.samplesPerFrame()]));
    assertTrue(e.reason().startsWith("JPEG restart marker FFD1 expected"), e.reason());
  }

  @Test
  void restartIntervalInMidLineIsRefused() throws Exception {
    PixelDescription pixels = TestFrames.grayscale(24, 20, 16, 12, false);
    byte[] frame = ReferenceDicomTools.losslessJpeg(TestFrames.frame(Content.CT_LIKE, pixels, 1),
        24, 20, 1, 12, 1, 0, 4, true, work);
    int dri = indexOf(frame, (byte) 0xDD);
    frame[dri + 4] = 0;
    frame[dri + 5] = 30; // 1.5 lines of 20 samples

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("dri", frame, pixels, new int[pixels.samplesPerFrame()]));
    assertEquals("lossless JPEG restart interval 30 is not a whole number of lines of 20 samples", e.reason());
  }

  @Test
  void arithmeticCodedLosslessIsRefusedWithAReason() throws Exception {
    PixelDescription pixels = TestFrames.grayscale(24, 20, 16, 12, false);
    byte[] frame = ReferenceDicomTools.losslessJpeg(TestFrames.frame(Content.CT_LIKE, pixels, 1),
        24, 20, 1, 12, 1, 0, 0, true, work);
    frame[3] = (byte) 0xCB; // SOF3 -> SOF11

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> decoder.decode("sof11", frame, pixels, new int[pixels.samplesPerFrame()]));
    assertTrue(e.reason().contains("FFCB is not supported"), e.reason());
  }

  private Decoded dcmtk(Path source, String... options) throws IOException {
    Path compressed = Files.createTempFile(work, "dcmcjpeg", ".dcm");
    String[] arguments = Arrays.copyOf(options, options.length + 2);
    arguments[options.length] = source.toString();
    arguments[options.length + 1] = compressed.toString();
    ReferenceDicomTools.convert(DCMCJPEG, "dcmtk", arguments);
    return ReferenceDicomTools.decodeWithPydicom(compressed, work);
  }

  private Decoded referenceEncoded(int[] samples, PixelDescription pixels, int selectionValue,
      int pointTransform, int restartLines, boolean interleaved) throws IOException {
    return referenceEncoded(samples, pixels, pixels, selectionValue, pointTransform, restartLines, interleaved);
  }

  /** Encodes with the reference encoder at {@code coded}'s precision, declares {@code declared}. */
  private Decoded referenceEncoded(int[] samples, PixelDescription coded, PixelDescription declared,
      int selectionValue, int pointTransform, int restartLines, boolean interleaved) throws IOException {
    byte[] frame = ReferenceDicomTools.losslessJpeg(samples, coded.rows(), coded.columns(), coded.samplesPerPixel(),
        coded.bitsStored(), selectionValue, pointTransform, restartLines, interleaved, work);
    return ReferenceDicomTools.decodeWithPydicom(
        ReferenceDicomTools.encapsulatedDicom(frame, LOSSLESS, declared, work), work);
  }

  private int[] decode(Decoded reference) throws CorruptPixelDataException {
    return decodeFrame(reference.frame(), reference.pixels());
  }

  private int[] decodeFrame(byte[] frame, PixelDescription pixels) throws CorruptPixelDataException {
    int[] out = new int[pixels.samplesPerFrame()];
    decoder.decode("reference", frame, pixels, out);
    return out;
  }

  /** Compares the low {@code bitsStored} bits: pydicom sign-extends, the decoders leave that to the caller. */
  private static void assertStoredBitsEqual(int[] expected, int[] actual, int bitsStored, String what) {
    int mask = (1 << bitsStored) - 1;
    assertEquals(expected.length, actual.length, what + ": sample count");
    assertArrayEquals(Arrays.stream(expected).map(v -> v & mask).toArray(),
        Arrays.stream(actual).map(v -> v & mask).toArray(), what);
  }

  private static int[] withoutLowBits(int[] samples, int bits) {
    return Arrays.stream(samples).map(v -> v >> bits << bits).toArray();
  }

  private static int signExtend(int value, int bits) {
    return value << (32 - bits) >> (32 - bits);
  }

  /** Offset of the first scan header's body (its Ns byte). */
  private static int scanHeaderStart(byte[] jpeg) {
    int pos = 2;
    while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
      pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF));
    }
    return pos + 4;
  }

  /** A byte of a one-component scan header body: 4 is Ss, 6 is Ah/Al. */
  private static int scanHeaderByte(byte[] jpeg, int offset) {
    return jpeg[scanHeaderStart(jpeg) + offset - 1] & 0xFF;
  }

  /** The symbols of every Huffman table before the first scan. */
  private static List<Integer> huffmanSymbols(byte[] jpeg) {
    List<Integer> symbols = new ArrayList<>();
    int pos = 2;
    while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
      int length = (jpeg[pos + 2] & 0xFF) << 8 | (jpeg[pos + 3] & 0xFF);
      if ((jpeg[pos + 1] & 0xFF) == 0xC4) {
        int at = pos + 4;
        while (at < pos + 2 + length) {
          int total = 0;
          for (int l = 0; l < 16; l++) {
            total += jpeg[at + 1 + l] & 0xFF;
          }
          for (int k = 0; k < total; k++) {
            symbols.add(jpeg[at + 17 + k] & 0xFF);
          }
          at += 17 + total;
        }
      }
      pos += 2 + length;
    }
    return symbols;
  }

  /** Where the entropy-coded data of the last scan ends: before EOI and any fill bytes, past DICOM padding. */
  private static int entropyEnd(byte[] jpeg) {
    int end = jpeg.length;
    while (jpeg[end - 1] == 0) {
      end--;
    }
    assertEquals((byte) 0xD9, jpeg[end - 1], "frame ends with EOI");
    end -= 2;
    while (jpeg[end - 1] == (byte) 0xFF) {
      end--;
    }
    return end;
  }

  /** The offset of the first FF xx marker with code {@code code}. */
  private static int indexOf(byte[] jpeg, byte code) {
    for (int i = 0; i + 1 < jpeg.length; i++) {
      if (jpeg[i] == (byte) 0xFF && jpeg[i + 1] == code) {
        return i;
      }
    }
    throw new AssertionError(String.format("no marker FF%02X", code & 0xFF));
  }
}
