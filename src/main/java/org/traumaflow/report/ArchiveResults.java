package org.traumaflow.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.traumaflow.dicom.CodedConcept;
import org.traumaflow.dicom.DerivedUid;
import org.traumaflow.dicom.DicomInstance;
import org.traumaflow.dicom.KeyImageSeries;
import org.traumaflow.dicom.StudyHeader;
import org.traumaflow.dicom.TraumaFindingsReport;
import org.traumaflow.ensemble.EnsembleRow;
import org.traumaflow.metric.InjuryGroup;
import org.traumaflow.metric.SubmissionRow;
import org.traumaflow.seg.OrganGroup;

/**
 * One study's results as the DICOM instances written back into it: the findings report
 * ({@link TraumaFindingsReport}) and the key images ({@link KeyImageSeries}), the tiles of each
 * scored series' montage. Every UID is derived from the study, the ensemble spec's SHA-256 and the
 * scored series ({@link DerivedUid}): the same results always have the same UIDs, and results from
 * another ensemble or another set of series never replace these.
 *
 * <p>Measurement concepts are local codes ({@value CodedConcept#LOCAL_SCHEME}): {@code TF-P01} to
 * {@code TF-P13} the submission's columns in order, {@code TF-P14} any_injury; findings are
 * {@code TF-I-<GROUP>[-LOW|-HIGH]}, or {@code TF-I-NONE}. The unit is UCUM's {@code {probability}}.
 */
public final class ArchiveResults {
  public static final CodedConcept PROBABILITY = new CodedConcept("{probability}", "UCUM", "probability");
  public static final String KEY_IMAGES_DESCRIPTION = "TraumaFlow key images (not for diagnostic use)";

  /**
   * One scored series of a study.
   *
   * @param header the header of one of its files
   * @param montagePng its montage ({@link SeriesMontage#png}), or null when it was scored without segmentation
   */
  public record ScoredSeries(StudyHeader header, byte[] montagePng) {}

  /**
   * The instances of one study's results.
   *
   * @param studyInstanceUid the study
   * @param reportInstanceUid the SR document's UID, which names the results as a whole
   * @param instances the SR document first, then the key images
   */
  public record StudyResults(String studyInstanceUid, String reportInstanceUid, List<DicomInstance> instances) {}

  private ArchiveResults() {}

  /**
   * The results of every study among {@code series}, one per StudyInstanceUID, each with the
   * patient's row (a patient's series are blended into one row).
   *
   * @param algorithmNames the ensemble's members
   * @throws IOException when a montage cannot be read
   */
  public static List<StudyResults> of(EnsembleRow row, List<ScoredSeries> series, List<String> algorithmNames, String ensembleSha256,
      ZonedDateTime created) throws IOException {
    Map<String, List<ScoredSeries>> byStudy = series.stream()
        .collect(Collectors.groupingBy(s -> s.header().studyInstanceUid(), TreeMap::new, Collectors.toList()));
    List<StudyResults> results = new ArrayList<>();
    for (Map.Entry<String, List<ScoredSeries>> study : byStudy.entrySet()) {
      results.add(study(study.getKey(), study.getValue(), row, algorithmNames, ensembleSha256, created));
    }
    return results;
  }

  private static StudyResults study(String studyUid, List<ScoredSeries> series, EnsembleRow row, List<String> algorithmNames,
      String ensembleSha256, ZonedDateTime created) throws IOException {
    List<ScoredSeries> ordered = new ArrayList<>(series);
    ordered.sort(Comparator.comparing(s -> s.header().seriesInstanceUid()));
    String scoredSeries = ordered.stream().map(s -> s.header().seriesInstanceUid()).collect(Collectors.joining(","));
    String keySeriesUid = DerivedUid.of(studyUid, ensembleSha256, scoredSeries, "key-image-series");
    List<KeyImageSeries.KeyImage> images = new ArrayList<>();
    for (ScoredSeries one : ordered) {
      if (one.montagePng() == null) {
        continue;
      }
      for (Map.Entry<OrganGroup, BufferedImage> tile : SeriesMontage.tiles(one.montagePng()).entrySet()) {
        String uid = DerivedUid.of(keySeriesUid, one.header().seriesInstanceUid(), tile.getKey().name());
        images.add(new KeyImageSeries.KeyImage(uid, tile.getValue().getHeight(), tile.getValue().getWidth(), rgb(tile.getValue())));
      }
    }
    List<DicomInstance> keyImages = images.isEmpty() ? List.of()
        : KeyImageSeries.write(ordered.get(0).header(), keySeriesUid, KEY_IMAGES_DESCRIPTION, images, created);
    TraumaFindingsReport report = new TraumaFindingsReport(ordered.stream().map(ScoredSeries::header).toList(), algorithmNames,
        ensembleSha256, measurements(row), findings(row));
    String reportUid = DerivedUid.of(studyUid, ensembleSha256, scoredSeries, "report");
    List<DicomInstance> instances = new ArrayList<>();
    instances.add(report.write(DerivedUid.of(studyUid, ensembleSha256, scoredSeries, "report-series"), reportUid, keyImages, created));
    instances.addAll(keyImages);
    return new StudyResults(studyUid, reportUid, instances);
  }

  /** The 13 probabilities in the submission's column order, then any_injury. */
  static List<TraumaFindingsReport.Measurement> measurements(EnsembleRow row) {
    List<TraumaFindingsReport.Measurement> measurements = new ArrayList<>();
    List<Double> probabilities = row.row().probabilities();
    for (int i = 0; i < SubmissionRow.COLUMNS.size(); i++) {
      measurements.add(new TraumaFindingsReport.Measurement(probabilityOf(i + 1, SubmissionRow.COLUMNS.get(i)), probabilities.get(i), PROBABILITY));
    }
    measurements.add(new TraumaFindingsReport.Measurement(probabilityOf(SubmissionRow.COLUMNS.size() + 1, "any_injury"), row.anyInjury(), PROBABILITY));
    return measurements;
  }

  private static CodedConcept probabilityOf(int number, String column) {
    return CodedConcept.local(String.format(Locale.ROOT, "TF-P%02d", number), "Probability of " + column);
  }

  /** Per group, its most probable class when that is an injury. */
  static List<CodedConcept> findings(EnsembleRow row) {
    List<CodedConcept> findings = new ArrayList<>();
    for (InjuryGroup group : InjuryGroup.values()) {
      List<String> columns = group.columns();
      int best = 0;
      for (int c = 1; c < columns.size(); c++) {
        if (row.row().probability(columns.get(c)) > row.row().probability(columns.get(best))) {
          best = c;
        }
      }
      if (best > 0) {
        findings.add(injury(group, best));
      }
    }
    return findings.isEmpty() ? List.of(CodedConcept.local("TF-I-NONE", "No injury predicted")) : findings;
  }

  private static CodedConcept injury(InjuryGroup group, int grade) {
    String name = group.prefix().toUpperCase(Locale.ROOT);
    return switch (group) {
      case BOWEL -> CodedConcept.local("TF-I-BOWEL", "Bowel injury");
      case EXTRAVASATION -> CodedConcept.local("TF-I-EXTRAV", "Active extravasation");
      default -> grade == 1
          ? CodedConcept.local("TF-I-" + name + "-LOW", capitalised(group) + " injury, low grade")
          : CodedConcept.local("TF-I-" + name + "-HIGH", capitalised(group) + " injury, high grade");
    };
  }

  private static String capitalised(InjuryGroup group) {
    return group.prefix().substring(0, 1).toUpperCase(Locale.ROOT) + group.prefix().substring(1);
  }

  private static byte[] rgb(BufferedImage image) {
    byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
    int i = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int pixel = image.getRGB(x, y);
        rgb[i++] = (byte) (pixel >>> 16);
        rgb[i++] = (byte) (pixel >>> 8);
        rgb[i++] = (byte) pixel;
      }
    }
    return rgb;
  }
}
