package org.traumaflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.traumaflow.dicom.CtImageHeader;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.CtSliceWriter;
import org.traumaflow.dicom.DicomFile;
import org.traumaflow.dicom.FrameCodecs;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.PixelDecoder;
import org.traumaflow.dicom.SeriesAssembler;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SliceHeader;
import org.traumaflow.dicom.codec.FrameDecoder;
import org.traumaflow.dicom.codec.jpeg2000.Jpeg2000FrameDecoder;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.PixelDescription;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * Decoding speed of our DICOM layer against pydicom and GDCM, timed on the same files in the
 * same run: 512x512 CT frames in RLE, JPEG lossless and JPEG 2000 (with the decoder in use and
 * with the pure-Java fallback), a whole RLE series to an HU
 * volume, and header-only discovery. Every figure is the median of several repeats; the
 * ratios (reference time / our time) are what to compare across machines.
 */
public final class DicomBenchmark {
  /** The real 512x512 CT slice Debian's pydicom ships; every benchmark slice derives from it. */
  static final Path SOURCE_CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/J2K_pixelrep_mismatch.dcm");

  /** How big the run is; the defaults are the figures BENCHMARKS.md records. */
  public record Settings(int repeats, int seriesSlices, int discoveryFiles, int compressedFrames) {
    public Settings {
      if (repeats < 1 || seriesSlices < 2 || discoveryFiles < seriesSlices || compressedFrames < 1 || compressedFrames > seriesSlices) {
        throw new IllegalArgumentException("need repeats >= 1 and compressed frames <= series slices <= discovery files");
      }
    }
  }

  /** One measured case: seconds per repeat (median) for us and each reference tool. */
  public record Row(String name, String kind, int files, double ours, double pydicom, double gdcm) {}

  /** {@code codec}: the frame decoder to time in place of the one the syntax gets (null: that one). */
  private record Case(String name, String kind, List<Path> files, FrameDecoder codec) {
    Case(String name, String kind, List<Path> files) {
      this(name, kind, files, null);
    }
  }

  private final Path work;
  private final Settings settings;
  private final PrintWriter progress;

  public DicomBenchmark(Path work, Settings settings, PrintWriter progress) {
    this.work = work;
    this.settings = settings;
    this.progress = progress;
  }

  public List<Row> run() throws IOException, DicomException, InterruptedException {
    List<Case> cases = prepare();
    Map<String, Double> ours = new LinkedHashMap<>();
    for (Case c : cases) {
      progress.printf("bench: timing ours on %s (%d files)%n", c.name(), c.files().size());
      ours.put(c.name(), medianSeconds(c));
    }
    progress.println("bench: timing pydicom and GDCM on the same files");
    Map<String, Map<String, Double>> references = runReferences(cases);
    List<Row> rows = new ArrayList<>();
    for (Case c : cases) {
      Map<String, Double> ref = references.get(c.name());
      rows.add(new Row(c.name(), c.kind(), c.files().size(), ours.get(c.name()), ref.get("pydicom"), ref.get("gdcm")));
    }
    return rows;
  }

  /** A Markdown table: per-file times, throughput and how many times faster ours is. */
  public static String table(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| case | files | ours ms/file | pydicom ms/file | GDCM ms/file | ours files/s | pydicom / ours | GDCM / ours |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      double n = r.files();
      out.append(String.format("| %s | %d | %.3f | %.3f | %.3f | %.0f | %.1fx | %.1fx |%n",
          r.name(), r.files(), 1000 * r.ours() / n, 1000 * r.pydicom() / n, 1000 * r.gdcm() / n,
          n / r.ours(), r.pydicom() / r.ours(), r.gdcm() / r.ours()));
    }
    return out.toString();
  }

  private List<Case> prepare() throws IOException, DicomException, InterruptedException {
    if (!Files.exists(SOURCE_CT)) {
      throw new IOException(SOURCE_CT + " not found: install Debian's python3-pydicom (its test files hold the real CT slice)");
    }
    Path all = work.resolve("rle-" + settings.discoveryFiles());
    Path series = work.resolve("rle-" + settings.seriesSlices());
    Path jpeg = work.resolve("jpeg-lossless");
    Path j2k = work.resolve("jpeg2000-lossless");
    List<Path> allFiles = writeRleSeries(all);
    List<Path> seriesFiles = new ArrayList<>();
    Files.createDirectories(series);
    for (int i = 0; i < settings.seriesSlices(); i++) {
      Path link = series.resolve(allFiles.get(i).getFileName());
      if (!Files.exists(link)) {
        Files.createLink(link, allFiles.get(i));
      }
      seriesFiles.add(link);
    }
    List<Path> jpegFiles = convert(seriesFiles, jpeg, "--jpeg");
    List<Path> j2kFiles = convert(seriesFiles, j2k, "--j2k");
    return List.of(
        new Case("RLE Lossless 512x512 frame", "decode", seriesFiles),
        new Case("JPEG Lossless SV1 512x512 frame", "decode", jpegFiles),
        new Case("JPEG 2000 lossless 512x512 frame, " + FrameCodecs.jpeg2000Decoder().replaceFirst(":.*", ""), "decode", j2kFiles),
        new Case("JPEG 2000 lossless 512x512 frame, JAI ImageIO (the pure-Java fallback)", "decode", j2kFiles,
            new Jpeg2000FrameDecoder()),
        new Case(settings.seriesSlices() + "-slice RLE series to HU volume", "series", seriesFiles),
        new Case("header-only discovery, " + settings.discoveryFiles() + "-file series", "headers", allFiles));
  }

  /** Slices of the real CT, shifted and with fresh noise each, so that RLE sees realistic runs. */
  private List<Path> writeRleSeries(Path dir) throws IOException, DicomException {
    Files.createDirectories(dir);
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= settings.discoveryFiles(); i++) {
      files.add(dir.resolve(i + ".dcm"));
    }
    if (files.stream().allMatch(Files::exists)) {
      return files;
    }
    progress.printf("bench: writing %d RLE slices to %s%n", files.size(), dir);
    CtSeries source = SeriesReader.read(List.of(SOURCE_CT));
    int rows = source.rows();
    int columns = source.columns();
    CtSliceWriter writer = new CtSliceWriter(TransferSyntax.RLE_LOSSLESS);
    Random random = new Random(1);
    short[] stored = new short[rows * columns];
    for (int i = 0; i < files.size(); i++) {
      int shift = i % 24;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          int hu = source.hu()[((r + shift) % rows) * columns + c];
          int noisy = hu <= -1000 ? hu : hu + (int) Math.round(random.nextGaussian() * 3);
          stored[r * columns + c] = (short) Math.max(0, Math.min(4095, noisy + 1024));
        }
      }
      writer.write(files.get(i), header(i + 1, rows, columns), stored);
    }
    return files;
  }

  private static CtImageHeader header(int instance, int rows, int columns) {
    String series = "1.2.826.0.1.3680043.8.498.77.1";
    return new CtImageHeader("bench", "1.2.826.0.1.3680043.8.498.77", series, series + ".1." + instance, instance,
        new double[] {-200, -200, instance * 1.0}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.78, 0.78},
        1.0, rows, columns, 12, 0, -1024, 1, 50, 400, "HFS", "benchmark");
  }

  private List<Path> convert(List<Path> sources, Path dir, String option) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (Path source : sources.subList(0, settings.compressedFrames())) {
      Path target = dir.resolve(source.getFileName());
      if (!Files.exists(target)) {
        ReferenceScript.exec("libgdcm-tools", "gdcmconv", option, source.toString(), target.toString());
      }
      out.add(target);
    }
    return out;
  }

  private double medianSeconds(Case c) throws DicomException {
    time(c); // two untimed passes let the JIT compile the hot paths
    time(c);
    double[] seconds = new double[settings.repeats()];
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = time(c);
    }
    Arrays.sort(seconds);
    return seconds[seconds.length / 2];
  }

  private static double time(Case c) throws DicomException {
    long start = System.nanoTime();
    switch (c.kind()) {
      case "decode" -> {
        int[] frame = null;
        for (Path file : c.files()) {
          DicomFile parsed = Part10Reader.read(file);
          PixelDescription pixels = PixelDecoder.describe(parsed);
          if (frame == null || frame.length != pixels.samplesPerFrame()) {
            frame = new int[pixels.samplesPerFrame()];
          }
          PixelDecoder.decodeFrame(parsed, pixels, 0, frame, c.codec());
        }
      }
      case "series" -> SeriesReader.read(c.files());
      default -> {
        List<SliceHeader> headers = new ArrayList<>(c.files().size());
        for (Path file : c.files()) {
          headers.add(SliceHeader.read(file));
        }
        SeriesAssembler.assemble(c.name(), headers);
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Map<String, Double>> runReferences(List<Case> cases) throws IOException, InterruptedException {
    Path manifest = work.resolve("bench-manifest.json");
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Case c : cases) {
      entries.add(Map.of("name", c.name(), "kind", c.kind(), "files", c.files().stream().map(Path::toString).toList()));
    }
    new ObjectMapper().writeValue(manifest.toFile(), Map.of("cases", entries));
    String json = ReferenceScript.run(work, "reference_decoders.py", "python3-pydicom python3-gdcm libgdcm-tools",
        manifest.toString(), Integer.toString(settings.repeats()));
    return new ObjectMapper().readValue(json, Map.class);
  }
}
