package org.traumaflow.dicom.codec.jpeg;

import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Decodes lossless JPEG (ITU T.81 Annex H, process 14: SOF3, Huffman coding; DICOM JPEG
 * Lossless 1.2.840.10008.1.2.4.57 and .70): precision 2..16 bits, selection values
 * (predictors) 1..7, point transform, restart intervals, one or more components in
 * interleaved or non-interleaved scans (every component sampled 1 x 1, as DICOM writes
 * them).
 *
 * <p>Arithmetic follows T.81 H.2: predictions are computed in full precision from the
 * reconstructed samples, and sample = (prediction + difference) mod 2^16, so an encoder's
 * wrap-around (16-bit samples with predictors 4..7) is undone exactly; a difference of
 * category 16 is 32768 and carries no extra bits. The first sample of a scan and of each
 * restart interval is predicted as 2^(P - Pt - 1), the rest of that first line from the left
 * neighbour, the first sample of every other line from the one above. A restart interval must
 * be a whole number of lines, which is what dcmtk's libjpeg accepts too ("must be an integer
 * multiple of the number of MCUs in an MCU_row").
 *
 * <p>Output: each sample's value shifted left by Pt, as the unsigned pattern of P bits,
 * components of a pixel interleaved. Hierarchical (SOF7) and arithmetic-coded (SOF11, SOF15)
 * lossless frames are refused with a reason.
 */
final class LosslessJpegDecoder {

  private static final int MAX_COMPONENTS = 4;
  /** Arithmetic-coding conditioning (T.81 B.2.4.3): a sign of arithmetic coding, which is not supported. */
  private static final int DAC = 0xCC;

  private LosslessJpegDecoder() {}

  /** Whether a frame with this SOFn marker is lossless, which makes it this decoder's. */
  static boolean handles(int sofMarker) {
    return sofMarker == 0xC3 || sofMarker == 0xC7 || sofMarker == 0xCB || sofMarker == 0xCF;
  }

  static void decode(String source, byte[] encoded, PixelDescription pixels, int[] out)
      throws CorruptPixelDataException {
    new Frame(source, encoded, pixels, out).decode();
  }

  /** The state of decoding one frame: tables, geometry, which components are done. */
  private static final class Frame implements JpegSegments.Process {
    private final String source;
    private final byte[] data;
    private final PixelDescription pixels;
    private final int[] out;
    private final JpegSegments segments;
    private int precision;
    private int width;
    private int height;
    private int[] componentIds;
    private boolean[] decoded;
    private boolean frameSeen;

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
    public String incompleteReason() {
      return frameSeen ? "JPEG frame ends before all its components are decoded" : "JPEG frame has no frame header";
    }

    @Override
    public void segment(int marker, int at, int end) throws CorruptPixelDataException {
      if (marker == DAC) {
        throw unsupported(marker);
      }
      // APPn, COM and other segments carry nothing the samples depend on.
    }

    private CorruptPixelDataException unsupported(int marker) {
      return corrupt(String.format("lossless JPEG with marker FF%02X is not supported (only SOF3, Huffman, non-hierarchical)", marker));
    }

    @Override
    public boolean complete() {
      if (!frameSeen) {
        return false;
      }
      for (boolean done : decoded) {
        if (!done) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void frameHeader(int marker, int at, int length) throws CorruptPixelDataException {
      if (marker != JpegSegments.SOF3) {
        throw unsupported(marker);
      }
      if (frameSeen) {
        throw corrupt("JPEG frame has a second frame header");
      }
      if (length < 8) {
        throw corrupt("JPEG frame header is " + length + " bytes, too short");
      }
      precision = data[at] & 0xFF;
      height = segments.u16(at + 1);
      width = segments.u16(at + 3);
      int components = data[at + 5] & 0xFF;
      if (components < 1 || components > MAX_COMPONENTS || length < 8 + 3 * components) {
        throw corrupt("JPEG frame header declares " + components + " components in " + length + " bytes");
      }
      if (height == 0) {
        throw corrupt("JPEG frame leaves its height to a DNL marker, which is not supported");
      }
      if (width == 0) {
        throw corrupt("JPEG frame header declares a width of 0");
      }
      JpegSegments.checkDeclared(source, precision, width, height, components, pixels, out);
      componentIds = new int[components];
      decoded = new boolean[components];
      for (int c = 0; c < components; c++) {
        componentIds[c] = data[at + 6 + 3 * c] & 0xFF;
        int sampling = data[at + 7 + 3 * c] & 0xFF;
        if (components > 1 && sampling != 0x11) {
          throw corrupt(String.format("lossless JPEG component %d is sampled %d x %d; only 1 x 1 is supported",
              componentIds[c], sampling >> 4, sampling & 15));
        }
      }
      frameSeen = true;
    }

    @Override
    public int scan(int at, int entropyStart) throws CorruptPixelDataException {
      if (!frameSeen) {
        throw corrupt("JPEG scan comes before the frame header");
      }
      int count = data[at] & 0xFF;
      if (count < 1 || count > componentIds.length || entropyStart - at != 4 + 2 * count) {
        throw corrupt("JPEG scan header for " + count + " components is " + (entropyStart - at + 2) + " bytes long");
      }
      int[] component = new int[count];
      JpegHuffmanTable[] table = new JpegHuffmanTable[count];
      for (int k = 0; k < count; k++) {
        int id = data[at + 1 + 2 * k] & 0xFF;
        component[k] = indexOf(id);
        if (component[k] < 0 || decoded[component[k]]) {
          throw corrupt("JPEG scan codes component " + id + ", which the frame lacks or an earlier scan coded");
        }
        for (int j = 0; j < k; j++) {
          if (component[j] == component[k]) {
            throw corrupt("JPEG scan codes component " + id + " twice");
          }
        }
        table[k] = segments.dcTable((data[at + 2 + 2 * k] & 0xFF) >> 4 & 0x03);
        if (table[k] == null) {
          throw corrupt("JPEG scan refers to a Huffman table that was not defined");
        }
      }
      int predictor = data[at + 1 + 2 * count] & 0xFF;
      int pointTransform = data[at + 3 + 2 * count] & 0x0F;
      if (predictor < 1 || predictor > 7) {
        throw corrupt("lossless JPEG selection value " + predictor + " is outside 1..7");
      }
      if (pointTransform >= precision) {
        throw corrupt("lossless JPEG point transform " + pointTransform + " is not below the precision " + precision);
      }
      int restartInterval = segments.restartInterval();
      if (restartInterval % width != 0) {
        throw corrupt("lossless JPEG restart interval " + restartInterval
            + " is not a whole number of lines of " + width + " samples");
      }
      JpegBitReader bits = new JpegBitReader(source, data, entropyStart);
      new Scan(bits, table, predictor, pointTransform).decode(component, restartInterval / width);
      for (int c : component) {
        decoded[c] = true;
      }
      return bits.finish();
    }

    private int indexOf(int componentId) {
      for (int c = 0; c < componentIds.length; c++) {
        if (componentIds[c] == componentId) {
          return c;
        }
      }
      return -1;
    }

    private CorruptPixelDataException corrupt(String reason) {
      return new CorruptPixelDataException(source, reason);
    }

    /** One scan: its tables, predictor and the two lines of each component it predicts from. */
    private final class Scan {
      private final JpegBitReader bits;
      private final JpegHuffmanTable[] table;
      private final int predictor;
      private final int pointTransform;
      private int[][] previous;
      private int[][] current;

      Scan(JpegBitReader bits, JpegHuffmanTable[] table, int predictor, int pointTransform) {
        this.bits = bits;
        this.table = table;
        this.predictor = predictor;
        this.pointTransform = pointTransform;
      }

      void decode(int[] component, int linesPerInterval) throws CorruptPixelDataException {
        int count = component.length;
        previous = new int[count][width];
        current = new int[count][width];
        int initial = 1 << (precision - pointTransform - 1);
        int stride = componentIds.length;
        int mask = (1 << precision) - 1;
        int restarts = 0;
        for (int y = 0; y < height; y++) {
          boolean firstLine = y == 0;
          if (linesPerInterval > 0 && y > 0 && y % linesPerInterval == 0) {
            bits.restart(restarts++);
            firstLine = true;
          }
          if (count == 1) {
            readDifferences(current[0], table[0]);
          } else {
            readInterleavedDifferences(count);
          }
          for (int k = 0; k < count; k++) {
            int[] line = current[k];
            if (firstLine) {
              undoFirstLine(line, initial);
            } else {
              undoPrediction(line, previous[k]);
            }
            int o = y * width * stride + component[k];
            for (int x = 0; x < width; x++, o += stride) {
              out[o] = (line[x] << pointTransform) & mask;
            }
          }
          int[][] swap = previous;
          previous = current;
          current = swap;
        }
      }

      private void readDifferences(int[] line, JpegHuffmanTable huffman) throws CorruptPixelDataException {
        for (int x = 0; x < line.length; x++) {
          line[x] = huffman.decodeDifference(source, bits);
        }
      }

      private void readInterleavedDifferences(int count) throws CorruptPixelDataException {
        for (int x = 0; x < width; x++) {
          for (int k = 0; k < count; k++) {
            current[k][x] = table[k].decodeDifference(source, bits);
          }
        }
      }

      /** The first line of a scan or restart interval: 2^(P-Pt-1), then the left neighbour. */
      private void undoFirstLine(int[] line, int initial) {
        int left = (initial + line[0]) & 0xFFFF;
        line[0] = left;
        for (int x = 1; x < line.length; x++) {
          left = (left + line[x]) & 0xFFFF;
          line[x] = left;
        }
      }

      /** Any other line: the sample above first, then the scan's predictor (T.81 Table H.1). */
      private void undoPrediction(int[] line, int[] above) {
        int n = line.length;
        line[0] = (above[0] + line[0]) & 0xFFFF;
        switch (predictor) {
          case 1 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (line[x - 1] + line[x]) & 0xFFFF;
            }
          }
          case 2 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (above[x] + line[x]) & 0xFFFF;
            }
          }
          case 3 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (above[x - 1] + line[x]) & 0xFFFF;
            }
          }
          case 4 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (line[x - 1] + above[x] - above[x - 1] + line[x]) & 0xFFFF;
            }
          }
          case 5 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (line[x - 1] + ((above[x] - above[x - 1]) >> 1) + line[x]) & 0xFFFF;
            }
          }
          case 6 -> {
            for (int x = 1; x < n; x++) {
              line[x] = (above[x] + ((line[x - 1] - above[x - 1]) >> 1) + line[x]) & 0xFFFF;
            }
          }
          default -> {
            for (int x = 1; x < n; x++) {
              line[x] = (((line[x - 1] + above[x]) >> 1) + line[x]) & 0xFFFF;
            }
          }
        }
      }
    }
  }
}
