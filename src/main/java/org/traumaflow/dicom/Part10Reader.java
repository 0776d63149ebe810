package org.traumaflow.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * Reads DICOM Part 10 files: with or without the 128-byte preamble and "DICM" marker, with or
 * without a file meta group, in Implicit VR Little Endian, Explicit VR Little or Big Endian and
 * Deflated Explicit VR Little Endian. Every declared length is checked against what the file
 * holds before anything is allocated, so a lying header fails fast with bounded memory.
 *
 * <p>{@link #readHeader} stops at the top-level Pixel Data element and reads only a prefix of
 * the file when it suffices, which keeps series discovery over thousands of files cheap.
 */
public final class Part10Reader {
  /** Bytes read first for a header-only read; real CT headers take 2-6 KB. */
  private static final int HEADER_PREFIX_BYTES = 16 * 1024;
  /** A deflated dataset inflating past this is refused rather than exhausting memory. */
  private static final long MAX_INFLATED_BYTES = 1L << 30;
  /** What a deflated dataset's header may inflate to; real CT headers take 2-6 KB. */
  private static final int INFLATED_HEADER_BYTES = 4 * 1024 * 1024;
  /** Room after the pixel data for the trailing elements and padding some writers add. */
  private static final int INFLATED_TRAILER_BYTES = 64 * 1024;

  private Part10Reader() {}

  /** Reads the whole file, pixel data included. */
  public static DicomFile read(Path path) throws DicomException {
    return read(DicomSource.of(path));
  }

  /** Reads the whole file, pixel data included. */
  public static DicomFile read(DicomSource source) throws DicomException {
    return parse(source.name(), readBytes(source, Long.MAX_VALUE), -1, false);
  }

  /** Reads everything up to (not including) the top-level Pixel Data element. */
  public static DicomFile readHeader(Path path) throws DicomException {
    return readHeader(DicomSource.of(path));
  }

  /** Reads everything up to (not including) the top-level Pixel Data element. */
  public static DicomFile readHeader(DicomSource source) throws DicomException {
    long size = fileSize(source);
    if (size > HEADER_PREFIX_BYTES) {
      byte[] prefix = readBytes(source, HEADER_PREFIX_BYTES);
      try {
        return parse(source.name(), prefix, size, true);
      } catch (DatasetParser.NeedMoreBytes needMore) {
        // The header is larger than the prefix (long private groups, icons): read it all.
      }
    }
    return parse(source.name(), readBytes(source, Long.MAX_VALUE), -1, true);
  }

  /** Parses bytes already in memory; {@code source} names them in errors. */
  public static DicomFile parse(String source, byte[] bytes, boolean headerOnly) throws DicomException {
    return parse(source, bytes, -1, headerOnly);
  }

  private static DicomFile parse(String source, byte[] bytes, long fullLength, boolean headerOnly)
      throws DicomException {
    long total = fullLength < 0 ? bytes.length : fullLength;
    if (total == 0) {
      throw new NotDicomException(source, "empty file");
    }
    int start = dicmMarkerEnd(bytes);
    boolean hasMeta = start > 0 || startsWithMetaGroup(bytes, 0);
    if (!hasMeta && total >= 132 && bytes.length >= 132 && !plausibleDatasetStart(bytes, 0)) {
      throw new NotDicomException(source, "no DICM marker at offset 128 and no DICOM dataset at the start");
    }
    DatasetParser metaParser = new DatasetParser(source, bytes, start, total, true, false, headerOnly);
    DicomDataset meta = new DicomDataset();
    if (hasMeta) {
      metaParser.parseMetaGroup(meta);
    }
    int datasetStart = metaParser.position();
    TransferSyntax syntax = meta.string(Tag.TRANSFER_SYNTAX_UID).map(TransferSyntax::forUid)
        .orElse(null);
    if (syntax == null) {
      syntax = guessSyntax(source, bytes, datasetStart);
    }
    DicomDataset dataset = new DicomDataset();
    DatasetParser parser;
    if (syntax.deflated()) {
      if (bytes.length < total) {
        throw new DatasetParser.NeedMoreBytes();
      }
      byte[] inflated = inflate(source, bytes, datasetStart, headerOnly);
      parser = new DatasetParser(source, inflated, 0, inflated.length, true, false, headerOnly);
    } else {
      parser = new DatasetParser(
          source, bytes, datasetStart, total, syntax.explicitVr(), syntax.bigEndian(), headerOnly);
    }
    try {
      parser.parseTopLevel(dataset);
    } catch (MalformedDicomException malformed) {
      if (!hasMeta && dataset.elements().isEmpty()) {
        throw new NotDicomException(source, "no DICM marker and no parsable dataset (" + malformed.reason() + ")");
      }
      throw malformed;
    }
    if (!hasMeta && dataset.elements().isEmpty()) {
      throw new NotDicomException(source, "no DICM marker and no data elements");
    }
    return new DicomFile(source, meta, dataset, syntax, parser.sawPixelData());
  }

  /** The offset just past "DICM" (132 with a preamble), or 0 when there is no marker. */
  private static int dicmMarkerEnd(byte[] bytes) {
    if (bytes.length >= 132 && isDicm(bytes, 128)) {
      return 132;
    }
    if (bytes.length >= 4 && isDicm(bytes, 0)) {
      return 4;
    }
    return 0;
  }

  private static boolean isDicm(byte[] bytes, int at) {
    return bytes[at] == 'D' && bytes[at + 1] == 'I' && bytes[at + 2] == 'C' && bytes[at + 3] == 'M';
  }

  private static boolean startsWithMetaGroup(byte[] bytes, int at) {
    return bytes.length >= at + 6 && bytes[at] == 0x02 && bytes[at + 1] == 0 && VR.of(bytes[at + 4], bytes[at + 5]) != null;
  }

  /** A bare dataset starts with a small even group number (0008 in practice) in either byte order. */
  private static boolean plausibleDatasetStart(byte[] bytes, int at) {
    if (bytes.length < at + 8) {
      return false;
    }
    int little = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    int big = (bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF);
    return plausibleFirstGroup(little) || plausibleFirstGroup(big);
  }

  private static boolean plausibleFirstGroup(int group) {
    return group >= 0x0002 && group <= 0x0028 && group % 2 == 0;
  }

  /**
   * Files without a transfer syntax (no meta group, or a meta group missing the UID) are
   * guessed as pydicom does: explicit if the bytes after the first tag spell a VR, big endian
   * if the group only makes sense read that way.
   */
  private static TransferSyntax guessSyntax(String source, byte[] bytes, int at) throws DicomException {
    if (bytes.length < at + 8) {
      throw new NotDicomException(source, "too short to hold a DICOM dataset");
    }
    boolean explicit = VR.of(bytes[at + 4], bytes[at + 5]) != null;
    int little = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8;
    boolean bigEndian = !plausibleFirstGroup(little) && plausibleFirstGroup((bytes[at] & 0xFF) << 8 | (bytes[at + 1] & 0xFF));
    if (bigEndian) {
      return TransferSyntax.EXPLICIT_VR_BIG_ENDIAN;
    }
    return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
  }

  /**
   * Inflates a deflated dataset no further than its header allows: its first
   * {@link #INFLATED_HEADER_BYTES} (all a header-only read needs), then, for the pixels, only as
   * many bytes as the header declares (Rows x Columns x samples x bytes x frames), so a small file
   * that inflates to gigabytes is refused after kilobytes instead of filling the heap.
   */
  private static byte[] inflate(String source, byte[] bytes, int from, boolean headerOnly) throws DicomException {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(bytes, from, bytes.length - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      inflateUpTo(inflater, out, INFLATED_HEADER_BYTES);
      if (inflater.finished() || headerOnly) {
        return out.toByteArray();
      }
      byte[] head = out.toByteArray();
      DicomDataset header = new DicomDataset();
      DatasetParser parser = new DatasetParser(source, head, 0, Long.MAX_VALUE, true, false, true);
      try {
        parser.parseTopLevel(header);
      } catch (DatasetParser.NeedMoreBytes tooLong) {
        throw new MalformedDicomException(source, "deflated dataset's header inflates past " + INFLATED_HEADER_BYTES + " bytes");
      }
      long declared = declaredPixelBytes(header);
      long bound = Math.min(MAX_INFLATED_BYTES, parser.position() + declared + INFLATED_TRAILER_BYTES);
      inflateUpTo(inflater, out, bound + 1);
      if (out.size() > bound) {
        throw new MalformedDicomException(source, "deflated dataset inflates past " + bound + " bytes, more than its header declares ("
            + declared + " bytes of pixel data from Rows, Columns, SamplesPerPixel, BitsAllocated and NumberOfFrames)");
      }
      return out.toByteArray();
    } catch (DataFormatException corrupt) {
      throw new MalformedDicomException(source, "deflated dataset is corrupt: " + corrupt.getMessage(), corrupt);
    } finally {
      inflater.end();
    }
  }

  /** Inflates into {@code out} until the stream ends or {@code out} holds at least {@code limit} bytes. */
  private static void inflateUpTo(Inflater inflater, ByteArrayOutputStream out, long limit) throws DataFormatException {
    byte[] chunk = new byte[64 * 1024];
    while (!inflater.finished() && out.size() < limit) {
      int n = inflater.inflate(chunk, 0, (int) Math.min(chunk.length, limit - out.size()));
      if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
        return;
      }
      out.write(chunk, 0, n);
    }
  }

  private static long declaredPixelBytes(DicomDataset header) {
    long rows = header.integer(Tag.ROWS).orElse(0);
    long columns = header.integer(Tag.COLUMNS).orElse(0);
    long samples = header.integer(Tag.SAMPLES_PER_PIXEL).orElse(1);
    long bytesPerSample = (header.integer(Tag.BITS_ALLOCATED).orElse(16) + 7) / 8;
    long frames = Math.max(1, header.string(Tag.NUMBER_OF_FRAMES).map(String::trim).filter(f -> f.matches("\\d{1,9}"))
        .map(Long::parseLong).orElse(1L));
    return Math.max(0, rows) * Math.max(0, columns) * Math.max(1, samples) * Math.max(1, bytesPerSample) * frames;
  }

  private static long fileSize(DicomSource source) throws DicomException {
    try {
      return source.size();
    } catch (NoSuchFileException missing) {
      throw new NotDicomException(source.name(), "no such file");
    } catch (IOException e) {
      throw new NotDicomException(source.name(), "cannot read: " + e.getMessage());
    }
  }

  private static byte[] readBytes(DicomSource source, long limit) throws DicomException {
    try {
      return limit == Long.MAX_VALUE ? source.readAll() : source.readPrefix((int) limit);
    } catch (NoSuchFileException missing) {
      throw new NotDicomException(source.name(), "no such file");
    } catch (IOException e) {
      throw new NotDicomException(source.name(), "cannot read: " + e.getMessage());
    } catch (OutOfMemoryError tooLarge) {
      throw new MalformedDicomException(source.name(), "file too large to read into memory");
    }
  }
}
