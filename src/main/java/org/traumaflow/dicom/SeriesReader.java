package org.traumaflow.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.traumaflow.dicom.data.CorruptPixelDataException;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.PixelDescription;

/** Reads the files of one series into a {@link CtSeries}: headers, assembly, then pixels. */
public final class SeriesReader {
  /** Volumes above this many voxels are refused: the int16 array would pass Java's limit. */
  private static final long MAX_VOXELS = Integer.MAX_VALUE - 8;

  private SeriesReader() {}

  /** Reads, assembles and decodes the given files (all of one series). */
  public static CtSeries read(List<Path> files) throws DicomException {
    String name = files.isEmpty() ? "(no files)" : commonParent(files);
    return read(name, files.stream().map(DicomSource::of).toList());
  }

  /** Reads, assembles and decodes the given sources (all of one series); {@code name} names the series in errors. */
  public static CtSeries read(String name, List<DicomSource> sources) throws DicomException {
    List<SliceHeader> headers = new ArrayList<>(sources.size());
    for (DicomSource source : sources) {
      headers.add(SliceHeader.read(source));
    }
    return decode(SeriesAssembler.assemble(name, headers));
  }

  /**
   * Reads a series that {@code selection} selects, leaving out files that cannot be read (each
   * reported in the result) as long as at least its minimum of slices remain; a nightly batch
   * should not lose a 300-slice study to one corrupt slice. The rules are judged on the readable
   * files' headers, before any pixel is decoded.
   *
   * @throws SeriesNotSelectedException when a selection rule leaves the series out
   * @throws DicomException when the series as a whole cannot be read or too few slices remain
   */
  public static SeriesReadResult<CtSeries> readTolerant(String name, List<DicomSource> sources, SeriesSelection selection)
      throws DicomException {
    return readTolerant(name, sources, selection, SeriesReader::decode);
  }

  /**
   * {@link #readTolerant(String, List, SeriesSelection)} with another decoder of the assembled
   * series: one that streams the slices (see {@link #decode(SeriesLayout, SliceConsumer)}) never
   * holds the whole HU volume. The decoder may run again, on fewer files, after a slice fails to
   * decode.
   */
  public static <T> SeriesReadResult<T> readTolerant(String name, List<DicomSource> sources, SeriesSelection selection,
      LayoutDecoder<T> decoder) throws DicomException {
    List<DicomException> skipped = new ArrayList<>();
    List<SliceHeader> headers = new ArrayList<>(sources.size());
    for (DicomSource source : sources) {
      try {
        headers.add(SliceHeader.read(source));
      } catch (DicomException unreadable) {
        skipped.add(unreadable);
      }
    }
    if (skipped.isEmpty()) {
      selection.check(name, headers);
    } else if (!headers.isEmpty()) {
      // Too few slices because files are unreadable is a fault of the input, reported as such below.
      selection.withMinSlices(1).check(name, headers);
    }
    boolean decodeFailed = false;
    while (true) {
      // Once a slice has failed to decode, the rest are decoded too, so that the count reported is
      // of files really readable, not of files not yet tried.
      if (!decodeFailed || headers.isEmpty()) {
        requireEnough(name, headers.size(), sources.size(), selection.minSlices(), skipped);
      }
      try {
        SeriesLayout layout = SeriesAssembler.assemble(name, headers);
        // Before any decoder sizes its arrays by the layout's voxels.
        requireBoundedVolume(layout);
        T decoded = decoder.decode(layout);
        requireEnough(name, headers.size(), sources.size(), selection.minSlices(), skipped);
        return new SeriesReadResult<>(decoded, List.copyOf(skipped));
      } catch (InconsistentSeriesException seriesLevel) {
        if (decodeFailed) {
          // Too few slices left to assemble because the others failed: the count is the fault.
          requireEnough(name, headers.size(), sources.size(), selection.minSlices(), skipped);
        }
        throw seriesLevel;
      } catch (DicomException sliceLevel) {
        int failed = indexOf(headers, sliceLevel.source());
        if (failed < 0) {
          throw sliceLevel;
        }
        headers.remove(failed);
        skipped.add(sliceLevel);
        if (!decodeFailed) {
          // Decoding starts over after a failure: without this, a series whose later slices are
          // truncated would be decoded once per bad slice, time quadratic in its slices. Every
          // file not yet decoded is tried once on its own, so the next attempt meets no known fault.
          skipped.addAll(removeUndecodable(headers.subList(failed, headers.size())));
        }
        decodeFailed = true;
      }
    }
  }

  private static int indexOf(List<SliceHeader> headers, String source) {
    for (int i = 0; i < headers.size(); i++) {
      if (headers.get(i).source().name().equals(source)) {
        return i;
      }
    }
    return -1;
  }

  /** Decodes each file of {@code headers} on its own, removes those that fail and returns their faults. */
  private static List<DicomException> removeUndecodable(List<SliceHeader> headers) {
    List<DicomException> faults = new ArrayList<>();
    headers.removeIf(header -> {
      try {
        DicomFile file = Part10Reader.read(header.source());
        PixelDescription pixels = PixelDecoder.describe(file);
        int[] frame = new int[pixels.rows() * pixels.columns() * pixels.samplesPerPixel()];
        for (int f = 0; f < pixels.frames(); f++) {
          PixelDecoder.decodeFrame(file, pixels, f, frame);
        }
        return false;
      } catch (DicomException undecodable) {
        faults.add(undecodable);
        return true;
      }
    });
    return faults;
  }

  private static void requireEnough(String name, int readable, int total, int minSlices, List<DicomException> skipped)
      throws InconsistentSeriesException {
    if (readable < Math.max(1, minSlices)) {
      String first = skipped.isEmpty() ? "" : "; first failure: " + skipped.get(0).getMessage();
      throw new InconsistentSeriesException(name,
          readable + " of " + total + " files readable, at least " + minSlices + " needed" + first);
    }
  }

  /** Decodes the pixels of an assembled series into HU. */
  public static CtSeries decode(SeriesLayout layout) throws DicomException {
    SeriesGeometry geometry = layout.geometry();
    requireBoundedVolume(layout);
    SliceHeader lead = layout.files().get(0);
    int sliceSize = geometry.rows() * geometry.columns();
    short[] hu = new short[geometry.slices() * sliceSize];
    DecodedSlices decoded = decode(layout, (slice, sliceHu) -> System.arraycopy(sliceHu, 0, hu, slice * sliceSize, sliceSize));
    return new CtSeries(
        lead.patientId(),
        lead.studyInstanceUid(),
        lead.seriesInstanceUid(),
        geometry,
        decoded.instanceNumbers(),
        hu,
        lead.window(),
        decoded.pixelPaddingHu(),
        decoded.transferSyntaxUids(),
        layout.issues());
  }

  /**
   * Decodes the pixels of an assembled series one slice at a time, in assembled order, handing
   * each slice's HU to {@code slices}: a caller that keeps only what it derives from each slice
   * never holds the series' HU volume.
   *
   * @return what decoding learns besides the pixels
   */
  public static DecodedSlices decode(SeriesLayout layout, SliceConsumer slices) throws DicomException {
    SeriesGeometry geometry = layout.geometry();
    requireBoundedVolume(layout);
    int sliceSize = geometry.rows() * geometry.columns();
    int[] instanceNumbers = new int[geometry.slices()];
    int[] frame = new int[sliceSize];
    short[] hu = new short[sliceSize];
    TreeSet<String> syntaxes = new TreeSet<>();
    double paddingHu = Double.NaN;
    int slice = 0;
    for (SliceHeader header : layout.files()) {
      DicomFile file = Part10Reader.read(header.source());
      PixelDescription pixels = PixelDecoder.describe(file);
      if (pixels.rows() != geometry.rows() || pixels.columns() != geometry.columns() || pixels.samplesPerPixel() != 1) {
        throw new CorruptPixelDataException(file.source(), "image attributes changed between header and full read");
      }
      ModalityLut lut = ModalityLut.of(file);
      syntaxes.add(file.transferSyntax().uid());
      if (slice == 0) {
        paddingHu = paddingHu(file, pixels, lut);
      }
      for (int f = 0; f < pixels.frames() && slice < instanceNumbers.length; f++) {
        PixelDecoder.decodeFrame(file, pixels, f, frame);
        lut.apply(frame, sliceSize, hu, 0);
        slices.accept(slice, hu);
        instanceNumbers[slice] = pixels.frames() > 1 ? f + 1 : header.instanceNumber() == null ? -1 : header.instanceNumber();
        slice++;
      }
    }
    return new DecodedSlices(instanceNumbers, paddingHu, List.copyOf(syntaxes));
  }

  /** Whatever is made of a series is sized by its voxels: absurd Rows, Columns or slice counts stop here. */
  private static void requireBoundedVolume(SeriesLayout layout) throws InconsistentSeriesException {
    SeriesGeometry geometry = layout.geometry();
    // Rows and Columns are up to 65535 each: their product alone can pass int's range.
    long voxels = (long) geometry.rows() * geometry.columns() * geometry.slices();
    if (voxels > MAX_VOXELS) {
      throw new InconsistentSeriesException(layout.files().get(0).source().name(), String.format(
          "%d slices of %d x %d (Rows x Columns) are %d voxels, too large a volume", geometry.slices(), geometry.rows(), geometry.columns(), voxels));
    }
  }

  /** Receives each decoded slice; {@code hu} (rows x columns, row-major) is reused for the next slice. */
  @FunctionalInterface
  public interface SliceConsumer {
    void accept(int slice, short[] hu);
  }

  /** Makes something of an assembled series by decoding it. */
  @FunctionalInterface
  public interface LayoutDecoder<T> {
    T decode(SeriesLayout layout) throws DicomException;
  }

  /**
   * What decoding a series learns besides its pixels.
   *
   * @param instanceNumbers each slice's InstanceNumber in assembled order (frame numbers for a
   *     multi-frame file, -1 where absent)
   * @param pixelPaddingHu see {@link CtSeries#pixelPaddingHu()}
   * @param transferSyntaxUids the transfer syntaxes the files used, sorted
   */
  public record DecodedSlices(int[] instanceNumbers, double pixelPaddingHu, List<String> transferSyntaxUids) {}

  /** The padding value is stored like a pixel: signed pixels make it an SS even where read as US. */
  private static double paddingHu(DicomFile file, PixelDescription pixels, ModalityLut lut) {
    java.util.OptionalInt padding = file.dataset().integer(Tag.PIXEL_PADDING_VALUE);
    if (padding.isEmpty()) {
      return Double.NaN;
    }
    int stored = padding.getAsInt();
    if (pixels.signed() && pixels.bitsAllocated() == 16 && stored > Short.MAX_VALUE) {
      stored -= 1 << 16;
    }
    return stored * lut.slope() + lut.intercept();
  }

  private static String commonParent(List<Path> files) {
    Path parent = files.get(0).toAbsolutePath().getParent();
    return parent == null ? files.get(0).toString() : parent.toString();
  }
}
