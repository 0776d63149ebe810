package org.traumaflow.dicom.codec.jpeg;

import java.util.Arrays;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes 12-bit sequential DCT JPEG (ITU T.81 process 4: JPEG Extended,
 * 1.2.840.10008.1.2.4.51), which neither the JDK's JPEG decoder nor TwelveMonkeys (which
 * delegates DCT to it) can read. Grayscale only, Huffman coding, one or more scans of the
 * one component, restart intervals supported; that is how 12-bit CT and MR frames are
 * written. Everything else is refused with a reason.
 */
final class ExtendedJpegDecoder {

  /** ZIGZAG[k] is the natural (row-major) index of the k-th coefficient in zig-zag order. */
  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  private ExtendedJpegDecoder() {}

  static void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    new Frame(source, encoded, pixels, out).decode();
  }

  /** The state of decoding one frame: quantisation tables and geometry. */
  private static final class Frame implements JpegSegments.Process {
    private final String source;
    private final byte[] data;
    private final PixelDescription pixels;
    private final int[] out;
    private final JpegSegments segments;
    private final int[][] quantisation = new int[4][];
    private int precision;
    private int width;
    private int height;
    private int componentId;
    private int quantisationIndex;
    private boolean frameSeen;
    private boolean scanSeen;

    Frame(String source, byte[] data, PixelDescription pixels, int[] out) {
      this.source = source;
      this.data = data;
      this.pixels = pixels;
      this.out = out;
      this.segments = new JpegSegments(source, data);
    }

    void decode() throws CorruptPixelDataException {
      segments.walk(this);
    }

    @Override
    public boolean complete() {
      return scanSeen;
    }

    @Override
    public String incompleteReason() {
      return "JPEG frame has no scan";
    }

    @Override
    public void segment(int marker, int at, int end) throws CorruptPixelDataException {
      if (marker == JpegSegments.DQT) {
        readQuantisationTables(at, end);
      }
      // APPn, COM and other segments carry nothing the samples depend on.
    }

    @Override
    public void frameHeader(int marker, int at, int length) throws CorruptPixelDataException {
      if (marker != JpegSegments.SOF0 && marker != JpegSegments.SOF1) {
        throw corrupt(String.format("12-bit JPEG with SOF marker FF%02X is not supported (only sequential Huffman)", marker));
      }
      if (length < 11) {
        throw corrupt("JPEG frame header is " + length + " bytes, too short for one component");
      }
      precision = data[at] & 0xFF;
      height = u16(at + 1);
      width = u16(at + 3);
      int components = data[at + 5] & 0xFF;
      if (components != 1) {
        throw corrupt("12-bit JPEG with " + components + " components is not supported (grayscale only)");
      }
      componentId = data[at + 6] & 0xFF;
      quantisationIndex = data[at + 8] & 0x03;
      JpegSegments.checkDeclared(source, precision, width, height, components, pixels, out);
      frameSeen = true;
    }

    private void readQuantisationTables(int at, int end) throws CorruptPixelDataException {
      while (at < end) {
        int sixteenBit = (data[at] & 0xFF) >> 4;
        if (at + 1 + (sixteenBit == 1 ? 128 : 64) > end) {
          throw corrupt("JPEG quantisation table runs past its DQT segment");
        }
        int[] table = new int[64];
        at++;
        for (int k = 0; k < 64; k++) {
          table[k] = sixteenBit == 1 ? u16(at + 2 * k) : data[at + k] & 0xFF;
        }
        quantisation[data[at - 1] & 0x03] = table;
        at += sixteenBit == 1 ? 128 : 64;
      }
    }

    @Override
    public int scan(int at, int entropyStart) throws CorruptPixelDataException {
      if (!frameSeen) {
        throw corrupt("JPEG scan comes before the frame header");
      }
      int components = data[at] & 0xFF;
      if (entropyStart - at < 6 || components != 1 || (data[at + 1] & 0xFF) != componentId) {
        throw corrupt("JPEG scan does not code the image's one component");
      }
      JpegHuffmanTable dc = segments.dcTable((data[at + 2] & 0xFF) >> 4 & 0x03);
      JpegHuffmanTable ac = segments.acTable(data[at + 2] & 0x03);
      int[] quant = quantisation[quantisationIndex];
      if (dc == null || ac == null || quant == null) {
        throw corrupt("JPEG scan refers to a Huffman or quantisation table that was not defined");
      }
      JpegBitReader bits = new JpegBitReader(source, data, entropyStart);
      int blocksAcross = (width + 7) / 8;
      int blocksDown = (height + 7) / 8;
      int total = blocksAcross * blocksDown;
      double[] block = new double[64];
      double[] work = new double[64];
      int restartInterval = segments.restartInterval();
      int predictor = 0;
      int restarts = 0;
      for (int b = 0; b < total; b++) {
        if (restartInterval > 0 && b > 0 && b % restartInterval == 0) {
          bits.restart(restarts++);
          predictor = 0;
        }
        Arrays.fill(block, 0);
        predictor += dc.decodeDifference(source, bits);
        block[0] = predictor * quant[0];
        for (int k = 1; k < 64; k++) {
          int runSize = ac.decode(source, bits);
          int run = runSize >> 4;
          int size = runSize & 15;
          if (size == 0) {
            if (run != 15) {
              break; // end of block
            }
            k += 15;
            continue;
          }
          k += run;
          if (k > 63) {
            throw corrupt("JPEG block's coefficients run past the 64th");
          }
          block[ZIGZAG[k]] = bits.signedValue(size) * (double) quant[k];
        }
        InverseDct.transform(block, work);
        store(block, b % blocksAcross, b / blocksAcross);
      }
      scanSeen = true;
      return bits.finish();
    }

    /** Level-shifts, rounds and clamps a block and writes its pixels that lie inside the image. */
    private void store(double[] block, int blockX, int blockY) {
      int shift = 1 << (precision - 1);
      int max = (1 << precision) - 1;
      int rows = Math.min(8, height - blockY * 8);
      int columns = Math.min(8, width - blockX * 8);
      for (int y = 0; y < rows; y++) {
        int row = (blockY * 8 + y) * width + blockX * 8;
        for (int x = 0; x < columns; x++) {
          long value = Math.round(block[y * 8 + x]) + shift;
          out[row + x] = (int) Math.max(0, Math.min(max, value));
        }
      }
    }

    private int u16(int at) throws CorruptPixelDataException {
      return segments.u16(at);
    }

    private CorruptPixelDataException corrupt(String reason) {
      return new CorruptPixelDataException(source, reason);
    }
  }
}
