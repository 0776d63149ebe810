package org.traumaflow.dicom.codec.jpeg2000;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.traumaflow.dicom.DicomFile;
import org.traumaflow.dicom.FrameCodecs;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.PixelDecoder;
import org.traumaflow.dicom.Tag;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.ReferenceDicomTools;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;
import org.traumaflow.testing.RealCt;

/**
 * The native JPEG 2000 decoder (OpenJPEG through JNA) is the one in use here, and its samples
 * are the pure-Java fallback's (JAI) bit for bit: on the real CT, on our encoder's frames and
 * on the lossless reference files, grey and colour.
 */
class OpenJpegFrameDecoderTest {
  @TempDir Path work;

  private final FrameDecoder fallback = new Jpeg2000FrameDecoder();
  private final FrameDecoder openJpeg = OpenJpegFrameDecoder.load();

  @Test
  void openJpegDecodesEveryJpeg2000SyntaxOnThisMachine() throws Exception {
    for (TransferSyntax syntax : List.of(TransferSyntax.JPEG_2000_LOSSLESS, TransferSyntax.JPEG_2000)) {
      assertInstanceOf(OpenJpegFrameDecoder.class, FrameCodecs.decoderFor("here", syntax),
          syntax.name() + ": CI installs libopenjp2-7, so the native decoder must be in use");
    }
    assertTrue(FrameCodecs.jpeg2000Decoder().startsWith("OpenJPEG 2."), FrameCodecs.jpeg2000Decoder());
  }

  @Test
  void realCtFramesDecodeBitForBitAsTheFallbackDecodesThem() throws Exception {
    List<Path> slices;
    try (Stream<Path> files = Files.list(RealCt.series())) {
      slices = files.sorted().toList();
    }
    assertEquals(20, slices.size());
    for (Path slice : slices) {
      DicomFile file = Part10Reader.read(slice);
      assertEquals(TransferSyntax.JPEG_2000_LOSSLESS, file.transferSyntax());
      PixelDescription pixels = PixelDecoder.describe(file);
      byte[] frame = singleFrame(file);

      int[] expected = decode(fallback, frame, pixels);
      int[] actual = decode(openJpeg, frame, pixels);

      assertArrayEquals(expected, actual, slice.getFileName().toString());
      assertTrue(Arrays.stream(actual).distinct().count() > 100, "a real slice, not a blank one");
    }
  }

  @ParameterizedTest(name = "{0} {1}x{2} {3}-bit signed={4}")
  @CsvSource({"CT_LIKE, 512, 512, 16, true", "RANDOM, 131, 97, 16, false", "RANDOM, 131, 97, 16, true", "CT_LIKE, 33, 40, 8, false"})
  void ourEncodersFramesDecodeAsTheFallbackDecodesThem(Content content, int rows, int columns, int bits, boolean signed)
      throws Exception {
    PixelDescription pixels = TestFrames.grayscale(rows, columns, bits, bits, signed);
    byte[] frame = new Jpeg2000FrameEncoder().encode(TestFrames.frame(content, pixels, 7), pixels);

    assertArrayEquals(decode(fallback, frame, pixels), decode(openJpeg, frame, pixels));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"MR_small_jp2klossless.dcm", "J2K_pixelrep_mismatch.dcm"})
  void losslessReferenceFilesDecodeAsTheFallbackDecodesThem(String name) throws Exception {
    DicomFile file = Part10Reader.read(ReferenceDicomTools.pydicomTestFile(name));
    PixelDescription pixels = PixelDecoder.describe(file);
    byte[] frame = singleFrame(file);

    assertArrayEquals(decode(fallback, frame, pixels), decode(openJpeg, frame, pixels));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm"})
  void colourFramesComeBackInterleavedAfterTheInverseTransformAsTheFallbackGivesThem(String name) throws Exception {
    Path j2k = work.resolve("rgb-j2k.dcm");
    ReferenceDicomTools.convert("/usr/bin/gdcmconv", "libgdcm-tools", "--j2k",
        ReferenceDicomTools.pydicomTestFile(name).toString(), j2k.toString());
    DicomFile file = Part10Reader.read(j2k);
    PixelDescription pixels = PixelDecoder.describe(file);
    assertEquals(3, pixels.samplesPerPixel());

    assertArrayEquals(decode(fallback, singleFrame(file), pixels), decode(openJpeg, singleFrame(file), pixels));
  }

  @Test
  void aCodestreamOfAnotherSizeIsRefusedWithTheFallbacksWords() {
    PixelDescription pixels = TestFrames.grayscale(64, 32, 16, 16, false);
    byte[] encoded = new Jpeg2000FrameEncoder().encode(new int[64 * 32], pixels);
    PixelDescription declared = TestFrames.grayscale(32, 64, 16, 16, false);

    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class,
        () -> openJpeg.decode("size.dcm", encoded, declared, new int[64 * 32]));
    assertEquals("JPEG 2000 image is 32 x 64 (columns x rows), the header declares 64 x 32", e.reason());
  }

  @Test
  void aCodestreamCutShortOrDamagedIsCorruptNotACrash() {
    PixelDescription pixels = TestFrames.grayscale(64, 64, 16, 16, true);
    byte[] encoded = new Jpeg2000FrameEncoder().encode(TestFrames.frame(Content.RANDOM, pixels, 4), pixels);
    for (int length : new int[] {0, 30, 100, encoded.length / 2}) {
      byte[] cut = Arrays.copyOf(encoded, length);
      assertThrows(CorruptPixelDataException.class, () -> openJpeg.decode("cut.dcm", cut, pixels, new int[4096]), "cut to " + length);
    }
    byte[] damaged = encoded.clone();
    for (int i = encoded.length / 3; i < encoded.length / 3 + 40; i++) {
      damaged[i] = 0x7F; // stays within the bit stuffing rule, so OpenJPEG itself has to cope
    }
    try {
      int[] out = new int[4096];
      openJpeg.decode("damaged.dcm", damaged, pixels, out);
    } catch (CorruptPixelDataException expected) {
      assertTrue(expected.reason().startsWith("JPEG 2000 frame does not decode"), expected.reason());
    }
  }

  private static int[] decode(FrameDecoder decoder, byte[] frame, PixelDescription pixels) throws CorruptPixelDataException {
    int[] out = new int[pixels.samplesPerFrame()];
    decoder.decode("test", frame, pixels, out);
    return out;
  }

  private static byte[] singleFrame(DicomFile file) {
    List<byte[]> fragments = file.dataset().element(Tag.PIXEL_DATA).orElseThrow().fragments();
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    fragments.subList(1, fragments.size()).forEach(frame::writeBytes);
    return frame.toByteArray();
  }
}
