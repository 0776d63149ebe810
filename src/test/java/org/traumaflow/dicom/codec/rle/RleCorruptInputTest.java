package org.traumaflow.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/** Broken RLE frames are reported with a reason a user can act on, never as a crash or garbage. */
class RleCorruptInputTest {

  private static final PixelDescription CT = TestFrames.grayscale(64, 64, 16, 16, true);
  private final RleFrameDecoder decoder = new RleFrameDecoder();
  private final byte[] valid =
      new RleFrameEncoder().encode(TestFrames.frame(Content.CT_LIKE, CT, 11), CT);

  @Test
  void emptyInputIsShorterThanTheHeader() {
    assertCorrupt(new byte[0], "0 bytes, shorter than the 64-byte RLE header");
  }

  @Test
  void segmentCountThatDoesNotMatchTheImageIsRefused() {
    byte[] frame = valid.clone();
    header(frame).putInt(0, 3);

    assertCorrupt(frame, "declares 3 segments, expected 2 (1 samples per pixel x 2 bytes per sample)");
  }

  @Test
  void firstSegmentMustStartRightAfterTheHeader() {
    byte[] frame = valid.clone();
    header(frame).putInt(4, 68);

    assertCorrupt(frame, "RLE segment 1 of 2: starts at offset 68, expected 64");
  }

  @Test
  void segmentOffsetPastTheEndIsRefused() {
    byte[] frame = valid.clone();
    header(frame).putInt(8, frame.length + 100);

    assertCorrupt(frame, "RLE segment 2 of 2: starts at offset " + (frame.length + 100) + ", past the end");
  }

  @Test
  void offsetsAboveTwoGigabytesAreNotMistakenForNegativeOnes() {
    byte[] frame = valid.clone();
    header(frame).putInt(8, 0xF0000000);

    assertCorrupt(frame, "RLE segment 2 of 2: starts at offset 4026531840, past the end");
  }

  @Test
  void decreasingOffsetsAreRefused() {
    byte[] frame = valid.clone();
    header(frame).putInt(8, 40);

    assertCorrupt(frame, "RLE segment 2 of 2: starts at offset 40, not after segment 1 at offset 64");
  }

  @Test
  void truncatedLastSegmentNamesTheSegmentAndHowFarItGot() {
    byte[] frame = Arrays.copyOf(valid, valid.length - 40);

    CorruptPixelDataException e = assertCorrupt(frame, "RLE segment 2 of 2:");
    assertTrue(e.reason().contains("of 4096 bytes") || e.reason().contains("cut off"), e.reason());
  }

  @Test
  void segmentThatStopsShortOfItsPlaneIsRefused() {
    // A constant 8x8 plane encoded as one replicate run of 60 instead of 64.
    PixelDescription small = TestFrames.grayscale(8, 8, 8, 8, false);
    byte[] frame = frameWithSegment(new byte[] {-59, 5});

    assertCorrupt(frame, small, "RLE segment 1 of 1: ends after 60 of 64 bytes (rows x columns)");
  }

  @Test
  void runThatOverrunsThePlaneIsRefused() {
    PixelDescription small = TestFrames.grayscale(8, 8, 8, 8, false);
    byte[] frame = frameWithSegment(new byte[] {-59, 5, -9, 6});

    assertCorrupt(frame, small, "RLE segment 1 of 1: replicate run of 10 bytes after 60 bytes overruns the 64-byte plane");
  }

  @Test
  void literalRunCutOffByTheSegmentEndIsRefused() {
    PixelDescription small = TestFrames.grayscale(8, 8, 8, 8, false);
    byte[] frame = frameWithSegment(new byte[] {63, 1, 2, 3});

    assertCorrupt(frame, small, "RLE segment 1 of 1: literal run of 64 bytes at offset 64 is cut off");
  }

  @Test
  void bitsAllocatedThatRleCannotHoldIsRefused() {
    PixelDescription twelve = TestFrames.grayscale(8, 8, 12, 12, false);

    assertCorrupt(valid, twelve, "RLE needs Bits Allocated 8, 16 or 32, not 12");
  }

  @Test
  @Timeout(60)
  void randomBytesAndDamagedFramesFailCleanlyOrDecode() {
    Random random = new Random(2024);
    for (int trial = 0; trial < 3000; trial++) {
      byte[] frame;
      if (trial % 2 == 0) {
        frame = new byte[random.nextInt(300)];
        random.nextBytes(frame);
        if (trial % 4 == 0 && frame.length >= 64) {
          // a plausible header makes the decoder reach the segment loop
          header(frame).putInt(0, 2).putInt(4, 64).putInt(8, 64 + random.nextInt(frame.length - 63));
        }
      } else {
        frame = valid.clone();
        for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
          frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
        }
      }
      byte[] input = frame;
      try {
        decoder.decode("fuzz", input, CT, new int[CT.samplesPerFrame()]);
      } catch (CorruptPixelDataException expected) {
        assertTrue(expected.reason().startsWith("RLE"), expected.reason());
      }
    }
  }

  @Test
  void validFrameStillDecodesAfterTheDamagedOnes() throws CorruptPixelDataException {
    int[] out = new int[CT.samplesPerFrame()];
    decoder.decode("valid", valid, CT, out);

    assertArrayEquals(TestFrames.frame(Content.CT_LIKE, CT, 11), out);
  }

  private CorruptPixelDataException assertCorrupt(byte[] frame, String expected) {
    return assertCorrupt(frame, CT, expected);
  }

  private CorruptPixelDataException assertCorrupt(byte[] frame, PixelDescription pixels, String expected) {
    Executable decode = () -> decoder.decode("bad.dcm", frame, pixels, new int[pixels.samplesPerFrame()]);
    CorruptPixelDataException e = assertThrows(CorruptPixelDataException.class, decode);
    assertTrue(e.getMessage().startsWith("bad.dcm: "), e.getMessage());
    assertTrue(e.reason().contains(expected), "reason was: " + e.reason());
    return e;
  }

  private static byte[] frameWithSegment(byte[] segment) {
    byte[] frame = new byte[64 + segment.length];
    header(frame).putInt(0, 1).putInt(4, 64);
    System.arraycopy(segment, 0, frame, 64, segment.length);
    return frame;
  }

  private static ByteBuffer header(byte[] frame) {
    return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
  }
}
