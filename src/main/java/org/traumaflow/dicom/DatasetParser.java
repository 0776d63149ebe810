package org.traumaflow.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.traumaflow.dicom.data.DicomException;

/**
 * Walks the elements of one encoded dataset. Positions are offsets into {@code bytes}; the
 * stream's real length is {@code total}, which may exceed {@code bytes.length} when only a
 * prefix was read (then running past the prefix raises {@link NeedMoreBytes}, and past the
 * real end a {@link MalformedDicomException}).
 */
final class DatasetParser {
  private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
  /** Deeper nesting than this is not a real dataset but a hostile or corrupt one. */
  private static final int MAX_DEPTH = 32;

  /** Signals that a header-only read needs more of the file than the prefix it was given. */
  static final class NeedMoreBytes extends RuntimeException {
    NeedMoreBytes() {
      super(null, null, false, false);
    }
  }

  /** Ends a header-only walk at the top-level Pixel Data element. */
  private static final class PixelDataReached extends RuntimeException {
    PixelDataReached() {
      super(null, null, false, false);
    }
  }

  private final String source;
  private final byte[] bytes;
  private final long total;
  private final boolean explicitVr;
  private final boolean bigEndian;
  private final boolean headerOnly;
  private int position;
  private boolean sawPixelData;

  DatasetParser(
      String source, byte[] bytes, int start, long total, boolean explicitVr, boolean bigEndian, boolean headerOnly) {
    this.source = source;
    this.bytes = bytes;
    this.total = total;
    this.explicitVr = explicitVr;
    this.bigEndian = bigEndian;
    this.headerOnly = headerOnly;
    this.position = start;
  }

  int position() {
    return position;
  }

  boolean sawPixelData() {
    return sawPixelData;
  }

  /** Reads group 0002 elements (always Explicit VR Little Endian) until another group starts. */
  void parseMetaGroup(DicomDataset meta) throws DicomException {
    while (position + 8 <= total) {
      require(2, "file meta group");
      int group = (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
      if (group != 0x0002) {
        return;
      }
      readElement(meta, 0, false, true, false);
    }
  }

  /** Reads the main dataset to the end of the stream (or to Pixel Data when header-only). */
  void parseTopLevel(DicomDataset dataset) throws DicomException {
    try {
      while (position < total) {
        if (total - position < 8) {
          // Trailing padding shorter than an element header is what some writers leave.
          return;
        }
        if (readElement(dataset, 0, true, explicitVr, bigEndian) == Tag.ITEM_DELIMITATION) {
          throw malformed("item delimitation item outside a sequence item");
        }
      }
    } catch (PixelDataReached reached) {
      // A header-only read stops here by design.
    }
  }

  /**
   * Reads one element at the current position into {@code target}. Returns the tag read so
   * that callers walking an undefined-length item can stop at its delimiter.
   */
  private int readElement(DicomDataset target, int depth, boolean topLevel, boolean explicit, boolean big)
      throws DicomException {
    int elementStart = position;
    require(8, "element header");
    int group = u16(big);
    int element = u16(big);
    int tag = group << 16 | element;
    if (tag == Tag.ITEM_DELIMITATION || tag == Tag.SEQUENCE_DELIMITATION) {
      position += 4;
      return tag;
    }
    VR vr;
    long length;
    if (explicit && group != 0xFFFE) {
      vr = VR.of(bytes[position], bytes[position + 1]);
      if (vr == null) {
        throw malformed(String.format(
            "element %s at offset %d has invalid VR bytes 0x%02X%02X",
            Tag.format(tag), elementStart, bytes[position], bytes[position + 1]));
      }
      position += 2;
      if (vr.longLength()) {
        require(6, "element header of " + Tag.format(tag));
        position += 2;
        length = u32(big);
      } else {
        length = u16(big);
      }
    } else {
      vr = ImplicitVrDictionary.vrOf(tag);
      length = u32(big);
    }

    if (tag == Tag.PIXEL_DATA && topLevel) {
      sawPixelData = true;
      if (headerOnly) {
        throw new PixelDataReached();
      }
      if (length == UNDEFINED_LENGTH) {
        target.put(DicomElement.ofFragments(tag, vr, readFragments(tag)));
        return tag;
      }
    }
    if (length == UNDEFINED_LENGTH) {
      if (vr == VR.SQ || vr == VR.UN || !explicit) {
        // An undefined-length UN is a sequence encoded in Implicit VR Little Endian (PS3.5 6.2.2).
        boolean itemsExplicit = vr != VR.UN && explicit;
        boolean itemsBig = vr != VR.UN && big;
        target.put(DicomElement.ofSequence(tag, readItems(tag, -1, depth, itemsExplicit, itemsBig)));
        return tag;
      }
      throw malformed("element " + Tag.format(tag) + " (" + vr + ") has undefined length at offset " + elementStart);
    }
    checkFits(length, tag, elementStart);
    int end = (int) (position + length);
    if (vr == VR.SQ) {
      target.put(DicomElement.ofSequence(tag, readItems(tag, end, depth, explicit, big)));
      return tag;
    }
    require(length, "value of " + Tag.format(tag));
    if (!explicit && group % 2 == 0 && length >= 8 && startsWithItemTag(big)) {
      // Implicit VR gives no type: a standard element whose value opens with an item tag is a
      // sequence. Private ones stay opaque bytes, as pydicom keeps them, unless undefined length.
      int saved = position;
      try {
        target.put(DicomElement.ofSequence(tag, readItems(tag, end, depth, false, big)));
        return tag;
      } catch (DicomException notASequence) {
        position = saved;
      }
    }
    target.put(DicomElement.ofValue(tag, vr, big, Arrays.copyOfRange(bytes, position, end)));
    position = end;
    return tag;
  }

  /** Reads sequence items until {@code end}, or until the sequence delimiter when end is -1. */
  private List<DicomDataset> readItems(int sequenceTag, int end, int depth, boolean explicit, boolean big)
      throws DicomException {
    if (depth >= MAX_DEPTH) {
      throw malformed("sequences nested deeper than " + MAX_DEPTH + " at " + Tag.format(sequenceTag));
    }
    List<DicomDataset> items = new ArrayList<>();
    while (end < 0 || position < end) {
      int itemStart = position;
      require(8, "item header in sequence " + Tag.format(sequenceTag));
      int tag = u16(big) << 16 | u16(big);
      long length = u32(big);
      if (tag == Tag.SEQUENCE_DELIMITATION) {
        if (end >= 0) {
          throw malformed("sequence delimiter inside defined-length sequence " + Tag.format(sequenceTag));
        }
        return items;
      }
      if (tag != Tag.ITEM) {
        throw malformed(String.format(
            "expected an item in sequence %s at offset %d, found %s", Tag.format(sequenceTag), itemStart, Tag.format(tag)));
      }
      DicomDataset item = new DicomDataset();
      if (length == UNDEFINED_LENGTH) {
        while (true) {
          if (readElement(item, depth + 1, false, explicit, big) == Tag.ITEM_DELIMITATION) {
            break;
          }
        }
      } else {
        checkFits(length, Tag.ITEM, itemStart);
        int itemEnd = (int) (position + length);
        while (position < itemEnd) {
          if (readElement(item, depth + 1, false, explicit, big) == Tag.ITEM_DELIMITATION) {
            break;
          }
        }
        if (position != itemEnd) {
          throw malformed("item in sequence " + Tag.format(sequenceTag) + " overruns its length at offset " + itemStart);
        }
      }
      items.add(item);
    }
    if (position != end) {
      throw malformed("sequence " + Tag.format(sequenceTag) + " overruns its length");
    }
    return items;
  }

  /** Encapsulated pixel data: items until the sequence delimiter; the first is the offset table. */
  private List<byte[]> readFragments(int tag) throws DicomException {
    List<byte[]> fragments = new ArrayList<>();
    while (true) {
      int itemStart = position;
      require(8, "fragment header in encapsulated pixel data");
      int itemTag = u16(false) << 16 | u16(false);
      long length = u32(false);
      if (itemTag == Tag.SEQUENCE_DELIMITATION) {
        break;
      }
      if (itemTag != Tag.ITEM) {
        throw malformed(String.format(
            "expected a fragment item in encapsulated pixel data at offset %d, found %s", itemStart, Tag.format(itemTag)));
      }
      if (length == UNDEFINED_LENGTH) {
        throw malformed("fragment at offset " + itemStart + " has undefined length");
      }
      checkFits(length, tag, itemStart);
      require(length, "pixel data fragment");
      fragments.add(Arrays.copyOfRange(bytes, position, position + (int) length));
      position += (int) length;
    }
    if (fragments.isEmpty()) {
      throw malformed("encapsulated pixel data has no basic offset table item");
    }
    return fragments;
  }

  private boolean startsWithItemTag(boolean big) {
    int group = big ? (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF) : (bytes[position] & 0xFF) | (bytes[position + 1] & 0xFF) << 8;
    int element = big ? (bytes[position + 2] & 0xFF) << 8 | (bytes[position + 3] & 0xFF) : (bytes[position + 2] & 0xFF) | (bytes[position + 3] & 0xFF) << 8;
    return group == 0xFFFE && element == 0xE000;
  }

  /** A declared length must fit in what is left of the stream; checked before any allocation. */
  private void checkFits(long length, int tag, int elementStart) throws MalformedDicomException {
    long remaining = total - position;
    if (length > remaining) {
      throw malformed(String.format(
          "element %s at offset %d declares %d bytes but only %d remain", Tag.format(tag), elementStart, length, remaining));
    }
  }

  private void require(long count, String what) throws MalformedDicomException {
    if (position + count > bytes.length) {
      if (position + count <= total) {
        throw new NeedMoreBytes();
      }
      throw malformed("truncated: " + what + " at offset " + position + " runs past the end (" + total + " bytes)");
    }
  }

  private int u16(boolean big) {
    int a = bytes[position] & 0xFF;
    int b = bytes[position + 1] & 0xFF;
    position += 2;
    return big ? a << 8 | b : b << 8 | a;
  }

  private long u32(boolean big) throws MalformedDicomException {
    require(4, "length field");
    long a = bytes[position] & 0xFF;
    long b = bytes[position + 1] & 0xFF;
    long c = bytes[position + 2] & 0xFF;
    long d = bytes[position + 3] & 0xFF;
    position += 4;
    return big ? a << 24 | b << 16 | c << 8 | d : d << 24 | c << 16 | b << 8 | a;
  }

  private MalformedDicomException malformed(String reason) {
    return new MalformedDicomException(source, reason);
  }
}
