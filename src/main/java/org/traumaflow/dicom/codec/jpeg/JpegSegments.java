package org.traumaflow.dicom.codec.jpeg;

import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.PixelDescription;

/**
 * Walks the marker segments of one JPEG frame (ITU T.81 B.1.1.2, B.1.1.4) for the decoders
 * written here: it keeps the Huffman tables (DHT) and the restart interval (DRI) that apply to
 * the next scan, and hands the frame header, each scan and every other segment to the
 * decoder's {@link Process}. It makes the checks the decoders share: segment lengths inside
 * the data, a frame header that matches the image the DICOM header declares, and a frame that
 * ends only once its scans are complete.
 */
final class JpegSegments {

  static final int SOF0 = 0xC0;
  static final int SOF1 = 0xC1;
  static final int SOF3 = 0xC3;
  static final int DHT = 0xC4;
  static final int SOI = 0xD8;
  static final int EOI = 0xD9;
  static final int SOS = 0xDA;
  static final int DQT = 0xDB;
  static final int DRI = 0xDD;

  /**
   * What one decoding process (lossless, sequential DCT, ...) does with the segments of a frame
   * besides the tables and restart interval the walk keeps; bodies are offsets into the data.
   */
  interface Process {
    /** Reads the frame header of SOFn {@code marker}, or refuses the marker's process. */
    void frameHeader(int marker, int at, int length) throws CorruptPixelDataException;

    /**
     * Decodes the scan whose header body is {@code data[at..entropyStart)} and whose
     * entropy-coded data starts at {@code entropyStart}; returns where the marker after it is.
     */
    int scan(int at, int entropyStart) throws CorruptPixelDataException;

    /** Reads or refuses a segment that is neither SOFn, DHT, DRI nor SOS, with body {@code data[at..end)}. */
    void segment(int marker, int at, int end) throws CorruptPixelDataException;

    /** Whether the scans so far complete the frame, which may then end without EOI. */
    boolean complete();

    /** What is missing when the frame ends before {@link #complete}. */
    String incompleteReason();
  }

  private final String source;
  private final byte[] data;
  private final JpegHuffmanTable[] dcTables = new JpegHuffmanTable[4];
  private final JpegHuffmanTable[] acTables = new JpegHuffmanTable[4];
  private int restartInterval;
  private int pos = 2;

  /** Starts after the SOI marker, which the caller has seen through {@link #startOfFrame}. */
  JpegSegments(String source, byte[] data) {
    this.source = source;
    this.data = data;
  }

  /** Walks the frame's segments up to EOI (or the end of the data once complete), calling {@code process}. */
  void walk(Process process) throws CorruptPixelDataException {
    while (true) {
      int marker = nextMarker(process.complete());
      if (marker == EOI) {
        break;
      }
      int length = segmentLength();
      int body = pos + 4;
      int end = body + length - 2;
      if (marker == SOS) {
        pos = process.scan(body, end);
        continue;
      }
      if (isStartOfFrame(marker)) {
        process.frameHeader(marker, body, length);
      } else if (marker == DHT) {
        JpegHuffmanTable.readSegment(source, data, body, end, dcTables, acTables);
      } else if (marker == DRI) {
        if (length < 4) {
          throw corrupt("JPEG DRI segment is " + length + " bytes, too short");
        }
        restartInterval = u16(body);
      } else {
        process.segment(marker, body, end);
      }
      pos += 2 + length;
    }
    if (!process.complete()) {
      throw corrupt(process.incompleteReason());
    }
  }

  /** The DC table (class 0, which lossless coding also uses) of {@code id} 0..3, or null when none is defined. */
  JpegHuffmanTable dcTable(int id) {
    return dcTables[id];
  }

  /** The AC table of {@code id} 0..3, or null when none is defined. */
  JpegHuffmanTable acTable(int id) {
    return acTables[id];
  }

  /** MCUs per restart interval (DRI), 0 for none. */
  int restartInterval() {
    return restartInterval;
  }

  /**
   * The offset of the first frame header marker (SOFn: C0..CF but DHT C4, JPG C8 and DAC CC)
   * of a frame that starts with SOI, or -1 when there is none before the first scan.
   */
  static int startOfFrame(byte[] encoded) {
    if (encoded.length < 4 || (encoded[0] & 0xFF) != 0xFF || (encoded[1] & 0xFF) != SOI) {
      return -1;
    }
    int at = 2;
    while (at + 4 < encoded.length && (encoded[at] & 0xFF) == 0xFF) {
      int marker = encoded[at + 1] & 0xFF;
      if (marker == 0xFF) {
        at++; // fill byte
        continue;
      }
      if (isStartOfFrame(marker)) {
        return at;
      }
      if (marker == SOS || marker == EOI) {
        return -1;
      }
      at += 2 + ((encoded[at + 2] & 0xFF) << 8 | (encoded[at + 3] & 0xFF));
    }
    return -1;
  }

  static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Checks a frame header against the declared image and the output array; the messages are
   * those the ImageIO path gives for the same mismatch.
   */
  static void checkDeclared(String source, int precision, int columns, int rows, int components,
      PixelDescription pixels, int[] out) throws CorruptPixelDataException {
    if (precision < 2 || precision > 16) {
      throw new CorruptPixelDataException(source, "JPEG precision " + precision + " is outside 2..16");
    }
    if (columns != pixels.columns() || rows != pixels.rows()) {
      throw new CorruptPixelDataException(source, "JPEG image is " + columns + " x " + rows
          + " (columns x rows), the header declares " + pixels.columns() + " x " + pixels.rows());
    }
    if (components != pixels.samplesPerPixel()) {
      throw new CorruptPixelDataException(source, "JPEG image has " + components
          + " samples per pixel, the header declares " + pixels.samplesPerPixel());
    }
    if (precision > pixels.bitsAllocated()) {
      throw new CorruptPixelDataException(source, "JPEG image has " + precision
          + "-bit samples, more than Bits Allocated " + pixels.bitsAllocated());
    }
    if (out.length < pixels.samplesPerFrame()) {
      throw new IllegalArgumentException(
          "output holds " + out.length + " values, the frame has " + pixels.samplesPerFrame());
    }
  }

  /**
   * Skips fill bytes and returns the next marker code, leaving the position on its FF. At the
   * end of the data it returns EOI when {@code complete} (a missing EOI after complete scans
   * costs no samples) and throws otherwise.
   */
  private int nextMarker(boolean complete) throws CorruptPixelDataException {
    while (pos + 1 < data.length && (data[pos] & 0xFF) == 0xFF && (data[pos + 1] & 0xFF) == 0xFF) {
      pos++;
    }
    if (pos + 1 >= data.length) {
      if (complete) {
        return EOI;
      }
      throw corrupt("JPEG frame ends at offset " + pos + " before its scans are complete");
    }
    if ((data[pos] & 0xFF) != 0xFF) {
      throw corrupt(String.format("JPEG marker expected at offset %d, found %02X", pos, data[pos] & 0xFF));
    }
    return data[pos + 1] & 0xFF;
  }

  /** The length field of the segment whose marker is at the position, checked against the data. */
  private int segmentLength() throws CorruptPixelDataException {
    if (pos + 4 > data.length) {
      throw corrupt("JPEG segment header is cut off at offset " + pos);
    }
    int length = u16(pos + 2);
    if (length < 2 || pos + 2 + length > data.length) {
      throw corrupt("JPEG segment at offset " + pos + " declares length " + length
          + ", past the end of the " + data.length + "-byte frame");
    }
    return length;
  }

  int u16(int at) throws CorruptPixelDataException {
    if (at + 1 >= data.length) {
      throw corrupt("JPEG header is cut off at offset " + at);
    }
    return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
  }

  CorruptPixelDataException corrupt(String reason) {
    return new CorruptPixelDataException(source, reason);
  }
}
