package org.traumaflow.dicom;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.traumaflow.testing.ReferenceTools.pydicomTestFile;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.UnsupportedTransferSyntaxException;
import org.traumaflow.testing.DecodedFrames;

/**
 * Bad input of every kind gives a typed {@link DicomException} naming the file and the fault,
 * with bounded memory and no hang: nothing else (no index errors, no OutOfMemoryError).
 * The timeouts only catch hangs; nothing here measures speed.
 */
class BadInputTest {
  @TempDir Path dir;

  @Test
  void truncationAtAnyOffsetIsATypedError() throws Exception {
    for (String name : List.of("CT_small.dcm", "MR_small_RLE.dcm", "MR_small_jp2klossless.dcm", "MR_small_implicit.dcm")) {
      byte[] whole = Files.readAllBytes(pydicomTestFile(name));
      for (int cut = 0; cut < whole.length; cut += cut < 1024 ? 7 : 397) {
        Path truncated = dir.resolve("truncated.dcm");
        Files.write(truncated, Arrays.copyOf(whole, cut));
        DicomException error = readFully(truncated, name + " cut at " + cut);
        assertTrue(error.getMessage().startsWith(truncated.toString()), "names the file: " + error.getMessage());
      }
    }
  }

  @Test
  void pydicomsTruncatedSamplesAreTypedErrors() throws Exception {
    for (String name : List.of("MR_truncated.dcm", "rtplan_truncated.dcm", "no_meta.dcm")) {
      Path file = pydicomTestFile(name);
      DicomException error = readFully(file, name);
      assertTrue(error.reason().length() > 10, "says what is wrong: " + error.getMessage());
    }
  }

  @Test
  void randomBytesAndOtherFormatsAreNotDicom() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] noise = new byte[1 + random.nextInt(4000)];
      random.nextBytes(noise);
      Path file = dir.resolve("noise.bin");
      Files.write(file, noise);
      readFully(file, "random bytes " + i);
    }
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "patient_id,series_id\n10004,21057\n".repeat(20), StandardCharsets.UTF_8);
    assertInstanceOf(NotDicomException.class, readFully(text, "a CSV file"));
    Path png = dir.resolve("picture.png");
    ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
    assertInstanceOf(NotDicomException.class, readFully(png, "a PNG file"));
    Path empty = dir.resolve("empty.dcm");
    Files.write(empty, new byte[0]);
    assertInstanceOf(NotDicomException.class, readFully(empty, "an empty file"));
  }

  @Test
  void dicomWithoutPixelsIsNotAnImage() throws Exception {
    DicomException error = readFully(pydicomTestFile("reportsi.dcm"), "a structured report");
    assertInstanceOf(NotAnImageException.class, error);
    assertTrue(error.reason().contains("no pixel data"), error.getMessage());
  }

  @Test
  void lengthRunningPastTheEndIsCaughtBeforeAllocating() throws Exception {
    byte[] bytes = Files.readAllBytes(pydicomTestFile("CT_small.dcm"));
    // Declare 0x7FFFFFF0 bytes for Pixel Data: reading it would need 2 GB.
    int at = indexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W'});
    bytes[at + 8] = (byte) 0xF0;
    bytes[at + 9] = (byte) 0xFF;
    bytes[at + 10] = (byte) 0xFF;
    bytes[at + 11] = (byte) 0x7F;
    Path file = dir.resolve("long.dcm");
    Files.write(file, bytes);
    DicomException error = readFully(file, "pixel data length past the end");
    assertInstanceOf(MalformedDicomException.class, error);
    assertTrue(error.reason().contains("declares 2147483632 bytes"), error.getMessage());
  }

  @Test
  void absurdDimensionsAreRefusedWithoutAllocatingThem() throws Exception {
    for (String name : List.of("CT_small.dcm", "MR_small_RLE.dcm")) {
      byte[] bytes = Files.readAllBytes(pydicomTestFile(name));
      setUnsignedShort(bytes, Tag.ROWS, 0xFFFF);
      setUnsignedShort(bytes, Tag.COLUMNS, 0xFFFF);
      Path file = dir.resolve("huge-" + name);
      Files.write(file, bytes);
      DicomException error = readFully(file, name + " declaring 65535 x 65535");
      assertTrue(error.reason().contains("65535"), error.getMessage());
    }
  }

  @Test
  void rleSegmentTableThatLiesIsCorruptPixelData() throws Exception {
    byte[] original = Files.readAllBytes(pydicomTestFile("MR_small_RLE.dcm"));
    int header = rleHeaderOffset(original);
    int[][] lies = {{0, 5}, {0, 0}, {4, 0x7FFFFFFF}, {8, 64}, {4, 20}};
    for (int[] lie : lies) {
      byte[] bytes = original.clone();
      writeLe32(bytes, header + lie[0], lie[1]);
      Path file = dir.resolve("rle-lie.dcm");
      Files.write(file, bytes);
      assertInstanceOf(CorruptPixelDataException.class, readFully(file, "RLE header word " + lie[0] / 4 + " = " + lie[1]));
    }
  }

  @Test
  void corruptJpeg2000CodestreamIsCorruptPixelData() throws Exception {
    byte[] original = Files.readAllBytes(pydicomTestFile("MR_small_jp2klossless.dcm"));
    int soc = indexOf(original, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
    byte[] badSize = original.clone();
    Arrays.fill(badSize, soc + 8, soc + 16, (byte) 0xFF);
    Path file = dir.resolve("j2k-bad-siz.dcm");
    Files.write(file, badSize);
    assertInstanceOf(CorruptPixelDataException.class, readFully(file, "J2K with a nonsense SIZ marker"));
    byte[] noData = original.clone();
    // Zero the fragment after the SOC/SIZ markers; the item length precedes the codestream.
    int fragmentLength = (original[soc - 4] & 0xFF) | (original[soc - 3] & 0xFF) << 8 | (original[soc - 2] & 0xFF) << 16;
    Arrays.fill(noData, soc + 4, soc + fragmentLength, (byte) 0);
    Files.write(file, noData);
    assertInstanceOf(CorruptPixelDataException.class, readFully(file, "J2K codestream zeroed"));
  }

  @Test
  void unsupportedSyntaxIsNamedNotDecodedToGarbage() throws Exception {
    DicomException error = readFully(pydicomTestFile("MR_small_jpeg_ls_lossless.dcm"), "JPEG-LS");
    assertInstanceOf(UnsupportedTransferSyntaxException.class, error);
    assertTrue(error.reason().contains("1.2.840.10008.1.2.4.80"), error.getMessage());
    assertTrue(error.reason().contains("JPEG-LS"), error.getMessage());
  }

  /**
   * A few thousand random mutations of real files (fixed seed): each must read or fail with a
   * DicomException. Byte flips, overwritten runs, truncations and insertions over every syntax.
   */
  @Test
  @Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void randomMutationsOfRealFilesNeverEscapeAsAnythingButDicomException() throws Exception {
    List<String> sources = List.of(
        "CT_small.dcm", "MR_small_RLE.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm",
        "MR_small_jp2klossless.dcm", "SC_rgb_jpeg_gdcm.dcm", "image_dfl.dcm", "rtplan.dcm", "UN_sequence.dcm");
    Random random = new Random(20231015);
    Path file = dir.resolve("mutant.dcm");
    int cases = 0;
    for (int round = 0; round < 350; round++) {
      for (String name : sources) {
        byte[] bytes = mutate(Files.readAllBytes(pydicomTestFile(name)), random);
        Files.write(file, bytes);
        try {
          DicomFile parsed = Part10Reader.read(file);
          if (parsed.hasPixelData()) {
            DecodedFrames.of(parsed);
          }
        } catch (DicomException expected) {
          assertTrue(expected.getMessage().startsWith(file.toString()), expected.getMessage());
        } catch (RuntimeException | Error escaped) {
          Path kept = Files.write(Files.createTempFile("mutant-" + name, ".dcm"), bytes);
          fail(name + " mutation " + round + " escaped as " + escaped + " (file kept at " + kept + ")", escaped);
        }
        cases++;
      }
    }
    assertTrue(cases >= 3000);
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
          bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
      }
      case 1 -> {
        int at = random.nextInt(bytes.length);
        int length = Math.min(bytes.length - at, 1 + random.nextInt(16));
        byte value = random.nextBoolean() ? (byte) 0xFF : (byte) random.nextInt(256);
        Arrays.fill(bytes, at, at + length, value);
        return bytes;
      }
      case 2 -> {
        return Arrays.copyOf(bytes, random.nextInt(bytes.length));
      }
      default -> {
        int at = random.nextInt(bytes.length);
        byte[] inserted = new byte[1 + random.nextInt(8)];
        random.nextBytes(inserted);
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
      }
    }
  }

  /** Reads and decodes; the input is bad, so this must end in a DicomException, which it returns. */
  private static DicomException readFully(Path file, String what) {
    return assertThrows(DicomException.class, () -> {
      DicomFile parsed = Part10Reader.read(file);
      DecodedFrames.of(parsed);
    }, what + " must be refused");
  }

  private static void setUnsignedShort(byte[] bytes, int tag, int value) {
    int at = indexOf(bytes, new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 24), (byte) tag, (byte) (tag >>> 8), 'U', 'S', 2, 0});
    bytes[at + 8] = (byte) value;
    bytes[at + 9] = (byte) (value >>> 8);
  }

  /** The RLE header is the second fragment: after Pixel Data's header, the empty offset table item and the fragment's item header. */
  private static int rleHeaderOffset(byte[] bytes) {
    int pixelData = indexOf(bytes, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B'});
    int tableLength = (bytes[pixelData + 16] & 0xFF) | (bytes[pixelData + 17] & 0xFF) << 8;
    return pixelData + 12 + 8 + tableLength + 8;
  }

  private static void writeLe32(byte[] bytes, int at, int value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >>> 8);
    bytes[at + 2] = (byte) (value >>> 16);
    bytes[at + 3] = (byte) (value >>> 24);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("pattern not found in test file");
  }

}
