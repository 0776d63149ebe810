package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;

/** Writes the run's {@code report.html} from its files ({@link ScoreReport}) and outputs its location. */
final class WriteReportFn extends DoFn<Long, String> {
  private final String output;
  private final long startedMillis;
  private final String truth;

  WriteReportFn(String output, long startedMillis, String truth) {
    this.output = output;
    this.startedMillis = startedMillis;
    this.truth = truth;
  }

  @ProcessElement
  public void process(OutputReceiver<String> out) throws IOException {
    Map<Integer, PatientLabels> labels = null;
    if (!truth.isEmpty()) {
      labels = LabelTables.readTrain(LocalMirror.file(truth, LocalMirror.defaultCache()));
    }
    double wallSeconds = (System.currentTimeMillis() - startedMillis) / 1000.0;
    out.output(ScoreReport.write(ObjectStore.at(output), new ScoreReport.RunFiles(ScorePipeline.PREDICTIONS, ScorePipeline.DEAD_LETTERS,
        ScorePipeline.SUBMISSION), wallSeconds, labels));
  }
}
