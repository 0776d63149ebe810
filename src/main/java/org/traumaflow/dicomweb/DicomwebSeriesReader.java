package org.traumaflow.dicomweb;

import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomSource;
import org.traumaflow.dicom.InconsistentSeriesException;
import org.traumaflow.dicom.SeriesReadResult;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSelection;
import org.traumaflow.dicom.data.DicomException;

/**
 * Reads a series from its WADO-RS instance URLs as {@link SeriesReader#readTolerant} reads
 * files: instances that cannot be fetched or read are left out and reported, as long as enough
 * slices remain.
 */
public final class DicomwebSeriesReader {
  private DicomwebSeriesReader() {}

  /**
   * Fetches every instance, then reads the series from the fetched bytes into a {@link CtSeries}.
   *
   * @param name the series' name in errors
   * @throws DicomException when the series as a whole cannot be read or too few slices remain
   */
  public static SeriesReadResult<CtSeries> read(DicomwebClient client, String name, List<String> instanceUrls, SeriesSelection selection)
      throws DicomException {
    return read(client, name, instanceUrls, selection, SeriesReader::decode);
  }

  /** {@link #read(DicomwebClient, String, List, SeriesSelection)} with another decoder of the assembled series. */
  public static <T> SeriesReadResult<T> read(DicomwebClient client, String name, List<String> instanceUrls, SeriesSelection selection,
      SeriesReader.LayoutDecoder<T> decoder) throws DicomException {
    int minSlices = selection.minSlices();
    List<DicomException> unfetched = new ArrayList<>();
    List<DicomSource> fetched = new ArrayList<>(instanceUrls.size());
    for (String url : instanceUrls) {
      try {
        fetched.add(DicomSource.of(url, client.retrieve(url)));
      } catch (DicomwebException failed) {
        unfetched.add(new UnretrievableInstanceException(failed));
      }
    }
    if (fetched.size() < Math.max(1, minSlices)) {
      String first = unfetched.isEmpty() ? "" : "; first failure: " + unfetched.get(0).getMessage();
      throw new InconsistentSeriesException(name,
          fetched.size() + " of " + instanceUrls.size() + " instances retrieved, at least " + minSlices + " needed" + first);
    }
    SeriesReadResult<T> read = SeriesReader.readTolerant(name, fetched, selection, decoder);
    List<DicomException> skipped = new ArrayList<>(unfetched);
    skipped.addAll(read.skipped());
    return new SeriesReadResult<>(read.series(), List.copyOf(skipped));
  }
}
