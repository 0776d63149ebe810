package org.traumaflow.dicom;

import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/** Reads one frame of uncompressed pixel data (little or big endian, 8/16/32 bits). */
final class NativeFrames {
  private NativeFrames() {}

  static void read(String source, DicomElement pixelData, PixelDescription pixels, int index, int[] out)
      throws CorruptPixelDataException {
    byte[] data = pixelData.value();
    long frameBytes = pixels.nativeFrameBytes();
    long needed = frameBytes * pixels.frames();
    if (data.length < needed) {
      throw new CorruptPixelDataException(source, String.format(
          "pixel data holds %d bytes but %dx%d, %d-bit, %d frame(s) need %d",
          data.length, pixels.rows(), pixels.columns(), pixels.bitsAllocated(), pixels.frames(), needed));
    }
    int n = pixels.samplesPerFrame();
    int base = (int) (frameBytes * index);
    boolean big = pixelData.bigEndian();
    boolean planar = pixels.samplesPerPixel() == 3 && pixels.planarConfiguration() == 1;
    int plane = pixels.rows() * pixels.columns();
    for (int i = 0; i < n; i++) {
      int target = planar ? (i % plane) * 3 + i / plane : i;
      switch (pixels.bitsAllocated()) {
        case 8 -> out[target] = data[base + i] & 0xFF;
        case 16 -> {
          int at = base + 2 * i;
          out[target] = big ? (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF) : (data[at + 1] & 0xFF) << 8 | (data[at] & 0xFF);
        }
        default -> {
          int at = base + 4 * i;
          out[target] = big
              ? (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF)
              : (data[at + 3] & 0xFF) << 24 | (data[at + 2] & 0xFF) << 16 | (data[at + 1] & 0xFF) << 8 | (data[at] & 0xFF);
        }
      }
    }
  }
}
