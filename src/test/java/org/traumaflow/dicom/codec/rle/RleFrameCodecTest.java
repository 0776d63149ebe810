package org.traumaflow.dicom.codec.rle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.dicom.codec.TestFrames.Content;
import org.traumaflow.dicom.codec.TestFrames;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

class RleFrameCodecTest {

  private final RleFrameEncoder encoder = new RleFrameEncoder();
  private final RleFrameDecoder decoder = new RleFrameDecoder();

  static Stream<Arguments> grayscaleFrames() {
    Stream.Builder<Arguments> cases = Stream.builder();
    int[][] sizes = {{1, 1}, {5, 7}, {3, 130}, {131, 257}, {512, 512}};
    for (Content content : Content.values()) {
      for (int[] size : sizes) {
        cases.add(Arguments.of(content, size[0], size[1], 8, 8));
        cases.add(Arguments.of(content, size[0], size[1], 16, content == Content.CT_LIKE ? 12 : 16));
      }
      cases.add(Arguments.of(content, 64, 67, 32, 32));
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1}x{2} {3}-bit")
  @MethodSource("grayscaleFrames")
  void grayscaleFramesRoundTripExactly(Content content, int rows, int columns, int bitsAllocated, int bitsStored)
      throws CorruptPixelDataException {
    PixelDescription pixels = TestFrames.grayscale(rows, columns, bitsAllocated, bitsStored, false);
    int[] samples = TestFrames.frame(content, pixels, 42L * rows + columns);

    assertArrayEquals(samples, roundTrip(samples, pixels));
  }

  @ParameterizedTest(name = "{0}-bit colour")
  @MethodSource("colourDepths")
  void colourFramesRoundTripInterleaved(int bitsAllocated) throws CorruptPixelDataException {
    PixelDescription pixels = TestFrames.colour(33, 41, bitsAllocated);
    for (Content content : Content.values()) {
      int[] samples = TestFrames.frame(content, pixels, 7);

      assertArrayEquals(samples, roundTrip(samples, pixels), content.toString());
    }
  }

  static Stream<Integer> colourDepths() {
    return Stream.of(8, 16, 32);
  }

  @Test
  void signedSamplesComeBackAsTheirTwosComplementBitPattern() throws CorruptPixelDataException {
    PixelDescription pixels = TestFrames.grayscale(2, 3, 16, 16, true);
    int[] hounsfield = {-1024, -1, 0, 1, 3071, -32768};

    int[] decoded = roundTrip(hounsfield, pixels);

    assertArrayEquals(new int[] {0xFC00, 0xFFFF, 0, 1, 3071, 0x8000}, decoded);
  }

  @Test
  void decodingOverwritesWhateverTheOutputArrayHeld() throws CorruptPixelDataException {
    PixelDescription pixels = TestFrames.grayscale(16, 16, 16, 16, false);
    int[] samples = TestFrames.frame(Content.RANDOM, pixels, 3);
    int[] reused = new int[pixels.samplesPerFrame()];
    Arrays.fill(reused, 0xDEADBEEF);

    decoder.decode("test", encoder.encode(samples, pixels), pixels, reused);

    assertArrayEquals(samples, reused);
  }

  @Test
  void runHeavyFramesShrinkAndRandomFramesBarelyGrow() {
    PixelDescription pixels = TestFrames.grayscale(512, 512, 16, 16, false);
    long nativeBytes = pixels.nativeFrameBytes();

    int runHeavy = encoder.encode(TestFrames.frame(Content.RUN_HEAVY, pixels, 5), pixels).length;
    int random = encoder.encode(TestFrames.frame(Content.RANDOM, pixels, 5), pixels).length;

    assertTrue(runHeavy < nativeBytes / 10, "run-heavy frame encoded to " + runHeavy + " bytes");
    // Worst case: one literal header per 128 bytes of each row, plus the header and padding.
    long worst = nativeBytes + 2L * 512 * 4 + 64 + 2;
    assertTrue(random <= worst, "random frame encoded to " + random + " bytes, worst case " + worst);
  }

  @Test
  void encodedFrameHasAWellFormedHeaderAndEvenSegments() {
    PixelDescription pixels = TestFrames.colour(5, 7, 16);
    byte[] encoded = encoder.encode(TestFrames.frame(Content.RANDOM, pixels, 9), pixels);
    ByteBuffer header = ByteBuffer.wrap(encoded).order(ByteOrder.LITTLE_ENDIAN);

    assertEquals(6, header.getInt(0), "segments: 3 samples x 2 bytes");
    assertEquals(64, header.getInt(4));
    for (int i = 1; i <= 6; i++) {
      int start = header.getInt(4 * i);
      int end = i < 6 ? header.getInt(4 * i + 4) : encoded.length;
      assertEquals(0, (end - start) % 2, "segment " + i + " has even length");
    }
    for (int i = 7; i <= 15; i++) {
      assertEquals(0, header.getInt(4 * i), "unused offset " + i + " is zero");
    }
    assertEquals(0, encoded.length % 2);
  }

  @Test
  void decodesHandWrittenRunsOfEveryKind() throws CorruptPixelDataException {
    // One 8-bit 2x5 plane: replicate 4 x 7, a -128 no-op, literal 1 2 3, replicate 3 x 9,
    // then a padding byte after the plane is full, which decoders ignore.
    byte[] frame = new byte[64 + 10];
    ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1).putInt(4, 64);
    byte[] segment = {-3, 7, -128, 2, 1, 2, 3, -2, 9, 0};
    System.arraycopy(segment, 0, frame, 64, segment.length);
    PixelDescription pixels = TestFrames.grayscale(2, 5, 8, 8, false);
    int[] out = new int[10];

    decoder.decode("hand-written", frame, pixels, out);

    assertArrayEquals(new int[] {7, 7, 7, 7, 1, 2, 3, 9, 9, 9}, out);
  }

  @Test
  void replicateRunsAreLimitedTo128AndLiteralRunsTo128() {
    PixelDescription pixels = TestFrames.grayscale(1, 300, 8, 8, false);
    int[] constant = new int[300];
    int[] ramp = new int[300];
    for (int i = 0; i < 300; i++) {
      ramp[i] = i & 0xFF;
    }

    byte[] runs = encoder.encode(constant, pixels);
    byte[] literals = encoder.encode(ramp, pixels);

    // 300 = 128 + 128 + 44: three replicate runs of two bytes each.
    assertArrayEquals(new byte[] {-127, 0, -127, 0, -43, 0}, Arrays.copyOfRange(runs, 64, runs.length));
    // 300 = 128 + 128 + 44 literal bytes, each group behind its header, padded to even.
    assertEquals(64 + 3 + 300 + 1, literals.length);
    assertEquals(127, literals[64]);
    assertEquals(127, literals[64 + 129]);
    assertEquals(43, literals[64 + 258]);
  }

  private int[] roundTrip(int[] samples, PixelDescription pixels) throws CorruptPixelDataException {
    byte[] encoded = encoder.encode(samples, pixels);
    int[] decoded = new int[pixels.samplesPerFrame()];
    decoder.decode("round trip", encoded, pixels, decoded);
    return decoded;
  }
}
