package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.storage.ObjectStore;

/** Writes every patient's row to the run's {@code submission.csv}, atomically, and outputs its location. */
final class WriteSubmissionFn extends DoFn<List<PatientPrediction>, String> {
  private final StepTime time = StepTime.of(StepTime.SUBMISSION);
  private final String output;

  WriteSubmissionFn(String output) {
    this.output = output;
  }

  @ProcessElement
  public void process(@Element List<PatientPrediction> patients, OutputReceiver<String> out) throws IOException {
    ObjectStore store = ObjectStore.at(output);
    time.measure(() -> {
      Submission submission = Submission.of(store.uri(ScorePipeline.SUBMISSION), patients.stream().map(p -> p.row().row()).toList());
      store.write(ScorePipeline.SUBMISSION, SubmissionCsv.bytes(submission));
      return submission;
    });
    out.output(store.uri(ScorePipeline.SUBMISSION));
  }
}
