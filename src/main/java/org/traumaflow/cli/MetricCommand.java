package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.metric.CompetitionMetric;
import org.traumaflow.metric.CompetitionScore;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.storage.LocalMirror;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code traumaflow metric}: scores a submission file with the competition's metric. */
@Command(
    name = "metric",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a submission against labels with the RSNA 2023 Abdominal Trauma Detection metric:"
          + " the sample-weighted log losses of bowel, extravasation, kidney, liver, spleen and any_injury,"
          + " and the score, their mean (lower is better).",
      "A submission with a negative, NaN or infinite value, a group summing to 0, a missing column,"
          + " or patients other than exactly the truth's is refused with status 2."
    })
final class MetricCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--truth", required = true, paramLabel = "CSV", description = "Labels in train.csv's format (a path or gs://); every patient in it is scored.")
  String truth;

  @Option(names = {"--submission", "--pred"}, required = true, paramLabel = "CSV",
      description = "Probabilities in sample_submission.csv's format, one row for each patient of --truth (--pred is the same option).")
  Path submission;

  @Option(names = "--json", description = "Print one JSON object (the six losses, score, patients) instead of text.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Map<Integer, PatientLabels> labels = LabelTables.readTrain(LocalMirror.file(truth, LocalMirror.defaultCache()));
    if (labels.isEmpty()) {
      throw new UserInputException(truth + ": no patients to score");
    }
    CompetitionScore score = CompetitionMetric.score(labels, SubmissionCsv.read(submission));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> fields = new LinkedHashMap<>(score.losses());
      fields.put("score", score.mean());
      fields.put("patients", labels.size());
      out.println(new ObjectMapper().writeValueAsString(fields));
    } else {
      score.losses().forEach((name, loss) -> out.printf(Locale.ROOT, "%-14s %.6f%n", name, loss));
      out.printf(Locale.ROOT, "%-14s %.6f  (%d patients)%n", "score", score.mean(), labels.size());
    }
    return 0;
  }
}
