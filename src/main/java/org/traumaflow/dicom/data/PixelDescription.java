package org.traumaflow.dicom.data;

/**
 * The Image Pixel module attributes that say how stored pixel bytes become sample values.
 *
 * @param rows (0028,0010)
 * @param columns (0028,0011)
 * @param samplesPerPixel (0028,0002), 1 for CT
 * @param bitsAllocated (0028,0100), 8 or 16 (32 accepted for native data)
 * @param bitsStored (0028,0101), the significant bits; sign extension starts from here
 * @param highBit (0028,0102)
 * @param pixelRepresentation (0028,0103), 0 unsigned, 1 two's complement
 * @param photometricInterpretation (0028,0004), e.g. MONOCHROME2
 * @param planarConfiguration (0028,0006), 0 interleaved, 1 planar (colour only)
 * @param frames (0028,0008), 1 when absent
 */
public record PixelDescription(
    int rows,
    int columns,
    int samplesPerPixel,
    int bitsAllocated,
    int bitsStored,
    int highBit,
    int pixelRepresentation,
    String photometricInterpretation,
    int planarConfiguration,
    int frames) {

  /** Samples in one frame: rows x columns x samples per pixel. */
  public int samplesPerFrame() {
    return rows * columns * samplesPerPixel;
  }

  /** Bytes one native (uncompressed) frame occupies. */
  public long nativeFrameBytes() {
    return (long) rows * columns * samplesPerPixel * (bitsAllocated / 8);
  }

  public boolean signed() {
    return pixelRepresentation == 1;
  }

  public boolean monochrome1() {
    return "MONOCHROME1".equals(photometricInterpretation);
  }
}
