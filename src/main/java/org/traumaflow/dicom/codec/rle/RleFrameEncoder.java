package org.traumaflow.dicom.codec.rle;

import java.util.Arrays;
import org.traumaflow.dicom.codec.FrameEncoder;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Encodes a frame as DICOM RLE Lossless (PS3.5 Annex G): one segment per byte plane, the most
 * significant byte of each sample first, each row compressed on its own (G.3.1 forbids runs
 * across rows), each segment padded with a zero byte to even length, and the 64-byte header
 * with the segment offsets in front. Samples keep their low Bits Allocated bits, so signed
 * values round-trip as their two's complement pattern. Stateless.
 */
public final class RleFrameEncoder implements FrameEncoder {

  @Override
  public byte[] encode(int[] samples, PixelDescription pixels) {
    RleFrameLayout layout = RleFrameLayout.of(pixels);
    if (samples.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "got " + samples.length + " samples, the frame has " + pixels.samplesPerFrame());
    }
    int rows = pixels.rows();
    int columns = pixels.columns();
    int segments = layout.segmentCount();
    long worstSegment = (long) rows * PackBitsRowEncoder.worstCaseLength(columns) + 1;
    long worstFrame = RleSegmentTable.HEADER_LENGTH + segments * worstSegment;
    if (worstFrame > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "frame of " + rows + " x " + columns + " pixels is too large to RLE-encode in memory");
    }
    byte[] out = new byte[(int) worstFrame];
    byte[] row = new byte[columns];
    int[] offsets = new int[segments];
    int pos = RleSegmentTable.HEADER_LENGTH;
    int stride = layout.samplesPerPixel();
    for (int segment = 0; segment < segments; segment++) {
      offsets[segment] = pos;
      int shift = layout.shiftOf(segment);
      int index = layout.sampleOf(segment);
      for (int y = 0; y < rows; y++) {
        for (int x = 0; x < columns; x++) {
          row[x] = (byte) (samples[index] >>> shift);
          index += stride;
        }
        pos = PackBitsRowEncoder.encode(row, columns, out, pos);
      }
      if ((pos & 1) == 1) {
        out[pos++] = 0;
      }
    }
    RleSegmentTable.write(out, offsets, segments);
    return Arrays.copyOf(out, pos);
  }
}
