package org.traumaflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Changes attributes of a Part 10 file in Explicit VR Little Endian (as the project's writer
 * and the synthetic data set write them, any pixel encoding), keeping every other byte: the
 * corpus of bad input is made of real files with one thing wrong. Elements up to Pixel Data are
 * parsed (no sequences: the writer writes none); Pixel Data and what follows is kept as it is.
 */
public final class DicomEdit {
  public static final int IMAGE_TYPE = 0x00080008;
  public static final int MODALITY = 0x00080060;
  public static final int INSTITUTION_NAME = 0x00080080;
  public static final int REFERRING_PHYSICIAN_NAME = 0x00080090;
  public static final int PATIENT_NAME = 0x00100010;
  public static final int PATIENT_ID = 0x00100020;
  public static final int PATIENT_BIRTH_DATE = 0x00100030;
  public static final int OTHER_PATIENT_IDS = 0x00101000;
  public static final int PATIENT_ADDRESS = 0x00101040;
  public static final int SERIES_INSTANCE_UID = 0x0020000E;
  public static final int INSTANCE_NUMBER = 0x00200013;
  public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
  public static final int ROWS = 0x00280010;
  public static final int COLUMNS = 0x00280011;
  public static final int PIXEL_SPACING = 0x00280030;
  private static final int TRANSFER_SYNTAX_UID = 0x00020010;
  private static final int PIXEL_DATA = 0x7FE00010;
  private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT");

  private final Map<Integer, byte[]> meta = new TreeMap<>(Integer::compareUnsigned);
  private final Map<Integer, byte[]> dataset = new TreeMap<>(Integer::compareUnsigned);
  private final byte[] pixelDataAndAfter;

  private DicomEdit(byte[] bytes) {
    int at = 132;
    if (bytes.length < at || bytes[128] != 'D' || bytes[129] != 'I' || bytes[130] != 'C' || bytes[131] != 'M') {
      throw new IllegalArgumentException("not a Part 10 file");
    }
    while (at < bytes.length) {
      int tag = tagAt(bytes, at);
      if (tag == PIXEL_DATA) {
        break;
      }
      int length = elementLength(bytes, at);
      (tag >>> 16 == 2 ? meta : dataset).put(tag, Arrays.copyOfRange(bytes, at, at + length));
      at += length;
    }
    pixelDataAndAfter = Arrays.copyOfRange(bytes, at, bytes.length);
  }

  public static DicomEdit of(Path file) throws IOException {
    return new DicomEdit(Files.readAllBytes(file));
  }

  /** Sets a text attribute, e.g. {@code text(PATIENT_NAME, "PN", "Doe^Jane")}. */
  public DicomEdit text(int tag, String vr, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length % 2 == 1) {
      bytes = Arrays.copyOf(bytes, bytes.length + 1);
      bytes[bytes.length - 1] = (byte) (vr.equals("UI") ? 0 : ' ');
    }
    (tag >>> 16 == 2 ? meta : dataset).put(tag, element(tag, vr, bytes));
    return this;
  }

  public DicomEdit unsignedShort(int tag, int value) {
    dataset.put(tag, element(tag, "US", new byte[] {(byte) value, (byte) (value >>> 8)}));
    return this;
  }

  /** Declares another transfer syntax without re-encoding anything. */
  public DicomEdit transferSyntax(String uid) {
    return text(TRANSFER_SYNTAX_UID, "UI", uid);
  }

  public void writeTo(Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeFileMeta(out);
    dataset.values().forEach(out::writeBytes);
    out.write(pixelDataAndAfter);
    Files.write(file, out.toByteArray());
  }

  /**
   * Writes the file as Deflated Explicit VR Little Endian with a native Pixel Data element of
   * {@code pixelBytes} zeros in place of its own: a deflate bomb, about a thousandth of that on disk.
   */
  public void writeDeflatedTo(Path file, int pixelBytes) throws IOException {
    transferSyntax("1.2.840.10008.1.2.1.99");
    try (OutputStream out = Files.newOutputStream(file)) {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      writeFileMeta(head);
      head.writeTo(out);
      DeflaterOutputStream deflated = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_SPEED, true), 1 << 16);
      for (byte[] element : dataset.values()) {
        deflated.write(element);
      }
      deflated.write(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x7FE0).putShort((short) 0x0010)
          .put((byte) 'O').put((byte) 'W').putShort((short) 0).putInt(pixelBytes).array());
      byte[] zeros = new byte[1 << 20];
      for (long left = pixelBytes; left > 0; left -= zeros.length) {
        deflated.write(zeros, 0, (int) Math.min(zeros.length, left));
      }
      deflated.finish();
    }
  }

  private void writeFileMeta(ByteArrayOutputStream out) throws IOException {
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    int groupLength = 0;
    for (Map.Entry<Integer, byte[]> e : meta.entrySet()) {
      groupLength += e.getKey() == 0x00020000 ? 0 : e.getValue().length;
    }
    meta.put(0x00020000, element(0x00020000, "UL",
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(groupLength).array()));
    meta.values().forEach(out::writeBytes);
  }

  private static byte[] element(int tag, String vr, byte[] value) {
    boolean longForm = LONG_VRS.contains(vr);
    ByteBuffer out = ByteBuffer.allocate((longForm ? 12 : 8) + value.length).order(ByteOrder.LITTLE_ENDIAN);
    out.putShort((short) (tag >>> 16)).putShort((short) tag).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      out.putShort((short) 0).putInt(value.length);
    } else {
      out.putShort((short) value.length);
    }
    return out.put(value).array();
  }

  private static int tagAt(byte[] bytes, int at) {
    ByteBuffer b = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN);
    return (b.getShort() & 0xFFFF) << 16 | b.getShort() & 0xFFFF;
  }

  private static int elementLength(byte[] bytes, int at) {
    String vr = new String(bytes, at + 4, 2, StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (LONG_VRS.contains(vr)) {
      int length = b.getInt(at + 8);
      if (length < 0) {
        throw new IllegalArgumentException("undefined length before Pixel Data: not a file this editor handles");
      }
      return 12 + length;
    }
    return 8 + (b.getShort(at + 6) & 0xFFFF);
  }
}
