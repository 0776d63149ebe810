package org.traumaflow.dicom;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * Turns a file's Pixel Data into sample values, whatever its transfer syntax. Values come out
 * as pydicom (3.x) gives them: bits above BitsStored are ignored, signed samples are
 * sign-extended from BitsStored and unsigned ones masked to it.
 */
public final class PixelDecoder {
  /** Frames larger than this are refused before allocating (8192 x 8192). */
  static final long MAX_SAMPLES_PER_FRAME = 1L << 26;

  private PixelDecoder() {}

  /** Reads and validates the Image Pixel attributes. */
  public static PixelDescription describe(DicomFile file) throws DicomException {
    DicomDataset ds = file.dataset();
    String source = file.source();
    if (!file.hasPixelData()) {
      String sopClass = ds.string(Tag.SOP_CLASS_UID).orElse("unknown SOP class");
      throw new NotAnImageException(source, "no pixel data (SOP class " + sopClass + ")");
    }
    int rows = required(ds, Tag.ROWS, "Rows", source);
    int columns = required(ds, Tag.COLUMNS, "Columns", source);
    int bitsAllocated = required(ds, Tag.BITS_ALLOCATED, "BitsAllocated", source);
    int bitsStored = ds.integer(Tag.BITS_STORED).orElse(bitsAllocated);
    int samples = ds.integer(Tag.SAMPLES_PER_PIXEL).orElse(1);
    int frames = ds.integer(Tag.NUMBER_OF_FRAMES).orElse(1);
    if (rows <= 0 || columns <= 0) {
      throw new MalformedDicomException(source, "image size " + rows + "x" + columns + " is not positive");
    }
    if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
      throw new CorruptPixelDataException(source, "BitsAllocated " + bitsAllocated + " is not supported (8, 16 or 32)");
    }
    if (bitsStored < 1 || bitsStored > bitsAllocated) {
      throw new MalformedDicomException(source, "BitsStored " + bitsStored + " does not fit BitsAllocated " + bitsAllocated);
    }
    if (samples != 1 && samples != 3) {
      throw new MalformedDicomException(source, "SamplesPerPixel " + samples + " is not 1 or 3");
    }
    if (frames < 1) {
      throw new MalformedDicomException(source, "NumberOfFrames " + frames + " is not positive");
    }
    if ((long) rows * columns * samples > MAX_SAMPLES_PER_FRAME) {
      throw new MalformedDicomException(
          source, "image size " + rows + "x" + columns + "x" + samples + " exceeds " + MAX_SAMPLES_PER_FRAME + " samples per frame");
    }
    return new PixelDescription(
        rows,
        columns,
        samples,
        bitsAllocated,
        bitsStored,
        ds.integer(Tag.HIGH_BIT).orElse(bitsStored - 1),
        ds.integer(Tag.PIXEL_REPRESENTATION).orElse(0),
        ds.string(Tag.PHOTOMETRIC_INTERPRETATION).orElse("MONOCHROME2"),
        ds.integer(Tag.PLANAR_CONFIGURATION).orElse(0),
        frames);
  }

  /** Decodes frame {@code index} (0-based) into {@code out}, which holds samplesPerFrame values. */
  public static void decodeFrame(DicomFile file, PixelDescription pixels, int index, int[] out) throws DicomException {
    decodeFrame(file, pixels, index, out, null);
  }

  /**
   * As {@link #decodeFrame(DicomFile, PixelDescription, int, int[])}, with {@code codec} in place of
   * the one {@link FrameCodecs} picks for the file's syntax (null: that one), e.g. to time the
   * pure-Java JPEG 2000 decoder where the native one is installed.
   */
  public static void decodeFrame(DicomFile file, PixelDescription pixels, int index, int[] out, FrameDecoder codec)
      throws DicomException {
    DicomElement pixelData = file.dataset().element(Tag.PIXEL_DATA)
        .orElseThrow(() -> new NotAnImageException(file.source(), "pixel data was not read (header-only read?)"));
    TransferSyntax syntax = file.transferSyntax();
    if (index < 0 || index >= pixels.frames()) {
      throw new IllegalArgumentException("frame " + index + " of " + pixels.frames());
    }
    if (syntax.compression().encapsulated() || pixelData.encapsulated()) {
      if (!pixelData.encapsulated()) {
        throw new CorruptPixelDataException(file.source(), syntax.name() + " requires encapsulated pixel data, found a plain value");
      }
      byte[] frame = frameBytes(file.source(), pixelData.fragments(), pixels.frames(), index);
      (codec != null ? codec : FrameCodecs.decoderFor(file.source(), syntax)).decode(file.source(), frame, pixels, out);
    } else {
      NativeFrames.read(file.source(), pixelData, pixels, index, out);
    }
    correctUnusedBits(pixels, out);
  }

  /**
   * The unused high bits cannot be trusted (PS3.5 8.1.1): shift them out, arithmetically for
   * signed samples. Real CT files declaring 12 stored bits in signed 16-bit pixels rely on it.
   */
  static void correctUnusedBits(PixelDescription pixels, int[] values) {
    int stored = pixels.bitsStored();
    if (stored >= 32) {
      return;
    }
    int n = pixels.samplesPerFrame();
    if (pixels.signed()) {
      int shift = 32 - stored;
      for (int i = 0; i < n; i++) {
        values[i] = values[i] << shift >> shift;
      }
    } else {
      int mask = (1 << stored) - 1;
      for (int i = 0; i < n; i++) {
        values[i] &= mask;
      }
    }
  }

  /**
   * The compressed bytes of one frame. With one frame every fragment belongs to it; with a
   * basic offset table the offsets say where frames start; without one, one fragment per frame
   * (the only layout RLE allows) or, for JPEG, a new frame at each start-of-image marker.
   */
  static byte[] frameBytes(String source, List<byte[]> fragments, int frames, int index) throws DicomException {
    List<byte[]> data = fragments.subList(1, fragments.size());
    if (data.isEmpty()) {
      throw new CorruptPixelDataException(source, "encapsulated pixel data has no fragments");
    }
    if (frames == 1) {
      return concat(data, 0, data.size());
    }
    byte[] table = fragments.get(0);
    if (table.length >= 4 * frames) {
      long[] starts = new long[frames + 1];
      for (int f = 0; f < frames; f++) {
        starts[f] = (table[4 * f] & 0xFFL) | (table[4 * f + 1] & 0xFFL) << 8 | (table[4 * f + 2] & 0xFFL) << 16 | (table[4 * f + 3] & 0xFFL) << 24;
      }
      long offset = 0;
      int first = -1;
      int last = data.size();
      for (int i = 0; i < data.size(); i++) {
        if (offset == starts[index]) {
          first = i;
        }
        if (index + 1 < frames && offset == starts[index + 1]) {
          last = i;
          break;
        }
        offset += 8 + data.get(i).length;
      }
      if (first < 0 || last <= first) {
        throw new CorruptPixelDataException(source, "basic offset table entry for frame " + index + " does not point at a fragment");
      }
      return concat(data, first, last);
    }
    if (data.size() == frames) {
      return data.get(index);
    }
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      byte[] fragment = data.get(i);
      if (fragment.length >= 2 && (fragment[0] & 0xFF) == 0xFF && (fragment[1] & 0xFF) == 0xD8) {
        starts.add(i);
      }
    }
    if (starts.size() != frames) {
      throw new CorruptPixelDataException(
          source, data.size() + " fragments cannot be split into " + frames + " frames without an offset table");
    }
    int end = index + 1 < frames ? starts.get(index + 1) : data.size();
    return concat(data, starts.get(index), end);
  }

  private static byte[] concat(List<byte[]> parts, int from, int to) {
    if (to - from == 1) {
      return parts.get(from);
    }
    int length = 0;
    for (int i = from; i < to; i++) {
      length += parts.get(i).length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (int i = from; i < to; i++) {
      System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
      at += parts.get(i).length;
    }
    return out;
  }

  private static int required(DicomDataset ds, int tag, String name, String source) throws MalformedDicomException {
    return ds.integer(tag).orElseThrow(() -> new MalformedDicomException(source, "missing " + name + " " + Tag.format(tag)));
  }
}
