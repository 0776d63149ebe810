package org.traumaflow.report;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.CompetitionScore;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.storage.ObjectStore;

/**
 * Writes {@code report.html} beside a {@code score} run's files, from those files (the series'
 * montages included, embedded as data URIs), once they are all written: the report shows exactly
 * what was written. The scoring pipeline's last step calls it.
 */
public final class ScoreReport {
  public static final String FILE = "report.html";

  private ScoreReport() {}

  /**
   * @param output the run's output location
   * @param names the run's file names: predictions, dead letters and submission
   * @param wallSeconds the run's wall time, or null when unknown
   * @param truth labels to score the submission with, or null; the metric is given only when
   *     every scored patient has labels
   * @return the report's location
   */
  public static String write(ObjectStore output, RunFiles names, Double wallSeconds, Map<Integer, PatientLabels> truth)
      throws IOException {
    ScoredRun run = ScoredRun.parse(text(output, names.predictions()), text(output, names.deadLetters()), wallSeconds);
    CompetitionScore metric = null;
    String note = null;
    if (truth != null) {
      Submission submission = SubmissionCsv.read(output.uri(names.submission()), new StringReader(text(output, names.submission())));
      List<Integer> unlabelled = submission.rows().keySet().stream().filter(p -> !truth.containsKey(p)).toList();
      if (unlabelled.isEmpty() && !submission.rows().isEmpty()) {
        Map<Integer, PatientLabels> scored = new TreeMap<>(truth);
        scored.keySet().retainAll(submission.rows().keySet());
        metric = CompetitionMetric.score(scored, submission);
      } else {
        note = "not computed: " + unlabelled.size() + " scored patients have no labels in the truth file";
      }
    }
    // ObjectStore writes are atomic: a reader never sees half a report.
    output.write(FILE, ReportHtml.of(run, montages(output, run), metric, note).getBytes(StandardCharsets.UTF_8));
    return output.uri(FILE);
  }

  /** The names of a score run's files under its output location. */
  public record RunFiles(String predictions, String deadLetters, String submission) {}

  /** The montages of the run's scored series that were written; the report says which are missing. */
  private static Map<String, byte[]> montages(ObjectStore output, ScoredRun run) throws IOException {
    Map<String, byte[]> montages = new HashMap<>();
    for (ScoredRun.Patient patient : run.patients()) {
      for (ScoredRun.Series series : patient.series()) {
        String file = SeriesMontage.file(Integer.toString(patient.patientId()), series.seriesId());
        if (output.exists(file)) {
          montages.put(file, output.read(file));
        }
      }
    }
    return montages;
  }

  private static String text(ObjectStore output, String name) throws IOException {
    return output.exists(name) ? new String(output.read(name), StandardCharsets.UTF_8) : "";
  }
}
