package org.traumaflow.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes elements in Explicit VR Little Endian, the encoding of the file meta group and of
 * every syntax this project writes. Elements may be added in any order; they are written
 * sorted by tag, with text padded to even length as PS3.5 requires.
 */
final class DatasetEncoder {
  private final Map<Integer, byte[]> encoded = new TreeMap<>(Integer::compareUnsigned);

  DatasetEncoder text(int tag, VR vr, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length % 2 == 1) {
      byte[] padded = new byte[bytes.length + 1];
      System.arraycopy(bytes, 0, padded, 0, bytes.length);
      padded[bytes.length] = (byte) (vr == VR.UI ? 0 : ' ');
      bytes = padded;
    }
    return put(tag, vr, bytes);
  }

  DatasetEncoder decimals(int tag, double... values) {
    return text(tag, VR.DS, DecimalString.format(values));
  }

  DatasetEncoder unsignedShort(int tag, int value) {
    return put(tag, VR.US, new byte[] {(byte) value, (byte) (value >>> 8)});
  }

  DatasetEncoder bytes(int tag, VR vr, byte[] value) {
    if (value.length % 2 == 1) {
      byte[] padded = new byte[value.length + 1];
      System.arraycopy(value, 0, padded, 0, value.length);
      value = padded;
    }
    return put(tag, vr, value);
  }

  /** A value copied as read from another dataset, e.g. the study's own PatientName in its own character set. */
  DatasetEncoder copy(DicomElement element) {
    if (element.bigEndian() && !element.vr().text()) {
      throw new IllegalArgumentException(Tag.format(element.tag()) + " is big endian binary; only text is copied");
    }
    return bytes(element.tag(), element.vr(), element.value());
  }

  /** A sequence of items, each encoded with its explicit length. */
  DatasetEncoder sequence(int tag, List<DatasetEncoder> items) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    for (DatasetEncoder item : items) {
      item(value, Tag.ITEM, item.length());
      item.encoded.values().forEach(value::writeBytes);
    }
    return put(tag, VR.SQ, value.toByteArray());
  }

  /** Encapsulated Pixel Data: an empty basic offset table, then one fragment per frame. */
  DatasetEncoder encapsulatedPixelData(List<byte[]> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, Tag.PIXEL_DATA, VR.OB, 0xFFFFFFFFL);
    item(out, Tag.ITEM, 0);
    for (byte[] frame : frames) {
      int length = frame.length + (frame.length % 2);
      item(out, Tag.ITEM, length);
      out.writeBytes(frame);
      if (frame.length % 2 == 1) {
        out.write(0);
      }
    }
    item(out, Tag.SEQUENCE_DELIMITATION, 0);
    encoded.put(Tag.PIXEL_DATA, out.toByteArray());
    return this;
  }

  /** The encoded length of everything added so far. */
  int length() {
    return encoded.values().stream().mapToInt(b -> b.length).sum();
  }

  void writeTo(OutputStream out) throws IOException {
    for (byte[] element : encoded.values()) {
      out.write(element);
    }
  }

  private DatasetEncoder put(int tag, VR vr, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 12);
    header(out, tag, vr, value.length);
    out.writeBytes(value);
    encoded.put(tag, out.toByteArray());
    return this;
  }

  private static void header(ByteArrayOutputStream out, int tag, VR vr, long length) {
    le16(out, tag >>> 16);
    le16(out, tag & 0xFFFF);
    out.writeBytes(vr.name().getBytes(StandardCharsets.US_ASCII));
    if (vr.longLength()) {
      le16(out, 0);
      le32(out, length);
    } else {
      if (length > 0xFFFF) {
        throw new IllegalArgumentException(Tag.format(tag) + " value of " + length + " bytes is too long for " + vr);
      }
      le16(out, (int) length);
    }
  }

  private static void item(ByteArrayOutputStream out, int tag, long length) {
    le16(out, tag >>> 16);
    le16(out, tag & 0xFFFF);
    le32(out, length);
  }

  private static void le16(ByteArrayOutputStream out, int value) {
    out.write(value);
    out.write(value >>> 8);
  }

  private static void le32(ByteArrayOutputStream out, long value) {
    out.write((int) value);
    out.write((int) (value >>> 8));
    out.write((int) (value >>> 16));
    out.write((int) (value >>> 24));
  }
}
