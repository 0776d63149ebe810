package org.traumaflow.dicom.codec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.testing.ReferenceTools;

/**
 * Runs the tools this project did not write, pydicom (Debian's /usr/bin/python3, with GDCM,
 * Pillow and numpy), dcmtk and GDCM's command line, to produce and check frames. A missing
 * tool fails the test with the Debian package to install; nothing is skipped.
 */
public final class ReferenceDicomTools {


  /** What pydicom made of a file: its first frame's bytes, its pixels, its attributes. */
  public record Decoded(String transferSyntax, PixelDescription pixels, byte[] frame, int[] values) {}

  private ReferenceDicomTools() {}

  /** A file from the pydicom test data that Debian ships with python3-pydicom. */
  public static Path pydicomTestFile(String name) {
    return ReferenceTools.pydicomTestFile(name);
  }

  public static Decoded decodeWithPydicom(Path dicom, Path workDir) throws IOException {
    Path out = Files.createTempDirectory(workDir, "pydicom");
    python("decode", dicom.toString(), out.toString());
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(out.resolve("pixels.properties"))) {
      p.load(in);
    }
    PixelDescription pixels = new PixelDescription(
        intOf(p, "rows"), intOf(p, "columns"), intOf(p, "samplesPerPixel"), intOf(p, "bitsAllocated"),
        intOf(p, "bitsStored"), intOf(p, "highBit"), intOf(p, "pixelRepresentation"),
        p.getProperty("photometricInterpretation"), intOf(p, "planarConfiguration"), intOf(p, "frames"));
    Path frame = out.resolve("frame.bin");
    byte[] frameBytes = Files.exists(frame) ? Files.readAllBytes(frame) : null;
    return new Decoded(p.getProperty("transferSyntax"), pixels, frameBytes, readInts(out.resolve("values.bin")));
  }

  /** Writes samples (low Bits Allocated bits, little endian) as an uncompressed DICOM file. */
  public static Path nativeDicom(int[] samples, PixelDescription pixels, Path workDir) throws IOException {
    Path raw = Files.createTempFile(workDir, "raw", ".bin");
    Files.write(raw, littleEndian(samples, pixels.bitsAllocated()));
    Path dicom = Files.createTempFile(workDir, "native", ".dcm");
    python("native", raw.toString(), str(pixels.rows()), str(pixels.columns()), str(pixels.samplesPerPixel()),
        str(pixels.bitsAllocated()), str(pixels.bitsStored()), str(pixels.pixelRepresentation()), dicom.toString());
    return dicom;
  }

  /** Wraps one encoded frame into a DICOM file with encapsulated Pixel Data. */
  public static Path encapsulatedDicom(byte[] frame, String transferSyntax, PixelDescription pixels, Path workDir)
      throws IOException {
    Path frameFile = Files.createTempFile(workDir, "frame", ".bin");
    Files.write(frameFile, frame);
    Path dicom = Files.createTempFile(workDir, "encapsulated", ".dcm");
    python("encapsulate", frameFile.toString(), transferSyntax, str(pixels.rows()), str(pixels.columns()),
        str(pixels.samplesPerPixel()), str(pixels.bitsAllocated()), str(pixels.bitsStored()),
        str(pixels.pixelRepresentation()), pixels.photometricInterpretation(), dicom.toString());
    return dicom;
  }

  /**
   * Encodes samples (pixel-interleaved, each within {@code precision} bits) as one lossless
   * JPEG frame with the reference encoder of dicom_reference.py ({@code ljpeg}): for restart
   * intervals, low precisions and non-interleaved scans, which dcmtk and GDCM cannot be asked
   * for.
   *
   * @param restartLines lines per restart interval, 0 for none
   * @param interleaved all components in one scan, else one scan each
   */
  public static byte[] losslessJpeg(int[] samples, int rows, int columns, int components, int precision,
      int predictor, int pointTransform, int restartLines, boolean interleaved, Path workDir) throws IOException {
    Path raw = Files.createTempFile(workDir, "samples", ".bin");
    Files.write(raw, littleEndian(samples, 32));
    Path jpeg = Files.createTempFile(workDir, "lossless", ".jpg");
    python("ljpeg", raw.toString(), str(rows), str(columns), str(components), str(precision), str(predictor),
        str(pointTransform), str(restartLines), interleaved ? "1" : "0", jpeg.toString());
    return Files.readAllBytes(jpeg);
  }

  /** Runs a dcmtk or GDCM converter: {@code tool} is its path, {@code debianPackage} ships it. */
  public static void convert(String tool, String debianPackage, String... arguments) {
    if (!Files.isExecutable(Path.of(tool))) {
      fail(tool + " is missing: install the Debian package " + debianPackage);
    }
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(List.of(arguments));
    ReferenceTools.run(command.toArray(String[]::new));
  }

  private static void python(String... arguments) {
    ReferenceTools.python("codec/dicom_reference.py", arguments);
  }

  static byte[] littleEndian(int[] samples, int bitsAllocated) {
    int bytes = bitsAllocated / 8;
    ByteBuffer buffer = ByteBuffer.allocate(samples.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : samples) {
      switch (bytes) {
        case 1 -> buffer.put((byte) v);
        case 2 -> buffer.putShort((short) v);
        default -> buffer.putInt(v);
      }
    }
    return buffer.array();
  }

  private static int[] readInts(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int[] values = new int[buffer.remaining() / 4];
    buffer.asIntBuffer().get(values);
    return values;
  }

  private static int intOf(Properties p, String key) {
    return Integer.parseInt(p.getProperty(key).trim());
  }

  private static String str(int value) {
    return Integer.toString(value);
  }
}
