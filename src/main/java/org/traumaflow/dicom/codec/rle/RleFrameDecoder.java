package org.traumaflow.dicom.codec.rle;

import java.util.Arrays;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes DICOM RLE Lossless frames (PS3.5 Annex G), the syntax of the competition data, so
 * it is written for speed: each segment's PackBits runs are written straight into the output
 * samples (its byte shifted into place and OR-ed with the planes already there), with no
 * intermediate byte buffers and no allocation per byte. Stateless.
 *
 * <p>Strict where a lenient reading would return a wrong image: the segment count must match
 * the declared samples and Bits Allocated, offsets must start at 64 and increase inside the
 * frame, every segment must fill its plane exactly, and a run may not cross the plane's end
 * (GDCM refuses that too; pydicom silently drops the excess). Tolerated, as by pydicom and
 * GDCM: bytes left in a segment after its plane is full (encoders pad segments to even
 * length), runs that cross row boundaries, and the -128 no-op code. The Planar
 * Configuration attribute is ignored: RLE always stores planes, and the output is
 * interleaved as {@link FrameDecoder} requires.
 */
public final class RleFrameDecoder implements FrameDecoder {

  @Override
  public void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    RleFrameLayout layout;
    try {
      layout = RleFrameLayout.of(pixels);
    } catch (IllegalArgumentException e) {
      throw new CorruptPixelDataException(source, e.getMessage(), e);
    }
    if (out.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "output holds " + out.length + " values, the frame has " + pixels.samplesPerFrame());
    }
    int segments = layout.segmentCount();
    RleSegmentTable table = RleSegmentTable.read(source, encoded, segments, layout.describe());
    for (int segment = 0; segment < segments; segment++) {
      decodeSegment(source, encoded, table, segment, layout, out);
    }
  }

  /**
   * Expands one segment into its byte plane: the byte of pixel p lands in {@code out[p *
   * samplesPerPixel + sample]}. The first plane of a sample overwrites (so {@code out} need
   * not be cleared); later planes keep what is there and OR their byte in.
   */
  private static void decodeSegment(
      String source, byte[] in, RleSegmentTable table, int segment, RleFrameLayout layout, int[] out)
      throws CorruptPixelDataException {
    final int end = table.end(segment);
    final int planeLength = layout.planeLength();
    final int stride = layout.samplesPerPixel();
    final int shift = layout.shiftOf(segment);
    final int keep = layout.startsSample(segment) ? 0 : -1;
    int pos = table.start(segment);
    int o = layout.sampleOf(segment);
    int produced = 0;
    while (produced < planeLength) {
      if (pos >= end) {
        throw segmentError(source, segment, layout,
            "ends after " + produced + " of " + planeLength + " bytes (rows x columns)");
      }
      int code = in[pos++];
      if (code >= 0) {
        // Literal run: the next code + 1 bytes as they are.
        int count = code + 1;
        if (produced + count > planeLength) {
          throw overrun(source, segment, layout, "literal", count, produced);
        }
        if (pos + count > end) {
          throw segmentError(source, segment, layout,
              "literal run of " + count + " bytes at offset " + (pos - 1)
                  + " is cut off by the segment's end at " + end);
        }
        for (int k = 0; k < count; k++) {
          out[o] = (out[o] & keep) | (in[pos++] & 0xFF) << shift;
          o += stride;
        }
        produced += count;
      } else if (code != -128) {
        // Replicate run: the next byte, 1 - code times.
        int count = 1 - code;
        if (produced + count > planeLength) {
          throw overrun(source, segment, layout, "replicate", count, produced);
        }
        if (pos >= end) {
          throw segmentError(source, segment, layout,
              "replicate run at offset " + (pos - 1) + " has no byte to repeat before the segment's end");
        }
        int value = (in[pos++] & 0xFF) << shift;
        if (keep == 0 && stride == 1) {
          // The common case (grayscale, first plane): a plain fill, which the JIT vectorises.
          Arrays.fill(out, o, o + count, value);
          o += count;
        } else {
          for (int k = 0; k < count; k++) {
            out[o] = (out[o] & keep) | value;
            o += stride;
          }
        }
        produced += count;
      }
      // code -128 is a no-op (PS3.5 G.3.2); encoders may use it as padding.
    }
  }

  private static CorruptPixelDataException overrun(
      String source, int segment, RleFrameLayout layout, String kind, int count, int produced) {
    return segmentError(source, segment, layout,
        kind + " run of " + count + " bytes after " + produced + " bytes overruns the "
            + layout.planeLength() + "-byte plane (rows x columns)");
  }

  private static CorruptPixelDataException segmentError(
      String source, int segment, RleFrameLayout layout, String reason) {
    return new CorruptPixelDataException(
        source, "RLE segment " + (segment + 1) + " of " + layout.segmentCount() + ": " + reason);
  }
}
