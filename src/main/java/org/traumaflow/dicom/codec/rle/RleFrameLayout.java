package org.traumaflow.dicom.codec.rle;

import org.traumaflow.dicom.data.PixelDescription;

/**
 * How an RLE frame splits an image into byte planes (PS3.5 G.2): one segment per byte of
 * each sample, samples in order, the most significant byte first. Segment {@code i} holds
 * byte {@code i % bytesPerSample} (0 = most significant) of sample {@code i / bytesPerSample}
 * for every pixel.
 *
 * @param samplesPerPixel 1 for grayscale, 3 for colour
 * @param bytesPerSample Bits Allocated / 8
 * @param planeLength rows x columns: the bytes every segment must decode to
 */
record RleFrameLayout(int samplesPerPixel, int bytesPerSample, int planeLength) {

  /**
   * @throws IllegalArgumentException when RLE cannot hold this image: Bits Allocated not 8, 16
   *     or 32, more than 15 byte planes, or an empty or oversized frame
   */
  static RleFrameLayout of(PixelDescription pixels) {
    int bitsAllocated = pixels.bitsAllocated();
    if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
      throw new IllegalArgumentException(
          "RLE needs Bits Allocated 8, 16 or 32, not " + bitsAllocated);
    }
    int bytesPerSample = bitsAllocated / 8;
    if (pixels.samplesPerPixel() < 1
        || (long) pixels.samplesPerPixel() * bytesPerSample > RleSegmentTable.MAX_SEGMENTS) {
      throw new IllegalArgumentException(
          "RLE holds at most 15 byte planes, not " + pixels.samplesPerPixel()
              + " samples per pixel x " + bytesPerSample + " bytes per sample");
    }
    long planeLength = (long) pixels.rows() * pixels.columns();
    // The output int[] holds planeLength x samples values; Java arrays stop at 2^31 - 1.
    if (pixels.rows() < 1 || pixels.columns() < 1
        || planeLength * pixels.samplesPerPixel() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "RLE frame of " + pixels.rows() + " x " + pixels.columns() + " pixels is empty or too large");
    }
    return new RleFrameLayout(pixels.samplesPerPixel(), bytesPerSample, (int) planeLength);
  }

  int segmentCount() {
    return samplesPerPixel * bytesPerSample;
  }

  /** Which sample of a pixel segment {@code segment} carries a byte of. */
  int sampleOf(int segment) {
    return segment / bytesPerSample;
  }

  /** How far left the segment's byte sits in the sample value: 0 for the least significant. */
  int shiftOf(int segment) {
    return 8 * (bytesPerSample - 1 - segment % bytesPerSample);
  }

  /** Whether the segment holds a sample's most significant byte, the first one written. */
  boolean startsSample(int segment) {
    return segment % bytesPerSample == 0;
  }

  /** Says where the segment count comes from, for error messages. */
  String describe() {
    return samplesPerPixel + " samples per pixel x " + bytesPerSample + " bytes per sample";
  }
}
