package org.traumaflow.pipeline.score;

import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.ensemble.PatientPrediction;
import org.traumaflow.pipeline.common.AllElements;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.DeadLetterFile;
import org.traumaflow.pipeline.common.JsonText;
import org.traumaflow.pipeline.common.SortedJsonLines;
import org.traumaflow.pipeline.common.WhileLockHeld;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.storage.OutputLock;

/**
 * The last steps of a score run that publishes: from the blended patients, {@code submission.csv},
 * {@code predictions.jsonl} and {@code dead_letters.jsonl}, each written atomically, the results
 * stored as DICOM where the run asks for it ({@link StoreResults}), and {@code report.html}
 * ({@link ScoreReport}) from the three files once all of them are written. Under an output lock's
 * claim, the predictions and the dead letters are written only while the run still holds it.
 * Emits the report's location.
 *
 * <pre>{@code
 * patients.apply("Publish run", PublishRun.to(output, letters).naming(ensembleSha256, segmentationSha256)
 *     .under(claim).storing(StoreResults.to(...).withSeries(refs), montages).withTruth(truth));
 * }</pre>
 */
final class PublishRun extends PTransform<PCollection<PatientPrediction>, PCollection<String>> {
  private final String output;
  private final PCollectionList<DeadLetter> letters;
  private final String ensembleSha256;
  private final String segmentationSha256;
  private final OutputLock.Claim claim;
  private final StoreResults store;
  private final PCollection<String> montages;
  private final String truth;

  private PublishRun(String output, PCollectionList<DeadLetter> letters, String ensembleSha256, String segmentationSha256,
                     OutputLock.Claim claim, StoreResults store, PCollection<String> montages, String truth) {
    this.output = output;
    this.letters = letters;
    this.ensembleSha256 = ensembleSha256;
    this.segmentationSha256 = segmentationSha256;
    this.claim = claim;
    this.store = store;
    this.montages = montages;
    this.truth = truth;
  }

  /**
   * @param output the run's output location, without a trailing slash
   * @param letters every dead letter of the run so far, written with those of the publishing steps
   */
  static PublishRun to(String output, PCollectionList<DeadLetter> letters) {
    return new PublishRun(output, letters, "", "", null, null, null, "");
  }

  /** A copy whose predictions name the ensemble spec and the segmentation model they came from, by SHA-256. */
  PublishRun naming(String ensembleSha256, String segmentationSha256) {
    return new PublishRun(output, letters, ensembleSha256, segmentationSha256, claim, store, montages, truth);
  }

  /** A copy that writes the predictions and the dead letters only while {@code claim} still holds the output (null: no lock). */
  PublishRun under(OutputLock.Claim claim) {
    return new PublishRun(output, letters, ensembleSha256, segmentationSha256, claim, store, montages, truth);
  }

  /** A copy that stores the results with {@code store} once every one of {@code montages} (its key images) is written. */
  PublishRun storing(StoreResults store, PCollection<String> montages) {
    return new PublishRun(output, letters, ensembleSha256, segmentationSha256, claim, store, montages, truth);
  }

  /** A copy whose report scores the predictions against {@code truth}, a {@code train.csv} (empty: no score). */
  PublishRun withTruth(String truth) {
    return new PublishRun(output, letters, ensembleSha256, segmentationSha256, claim, store, montages, truth);
  }

  @Override
  public PCollection<String> expand(PCollection<PatientPrediction> patients) {
    PCollection<PatientPrediction> predictions = underClaim(patients, "Predictions");
    PCollection<String> submission = predictions
        .apply("All patients", Combine.globally(AllElements.<PatientPrediction>create()))
        .apply("Submission", ParDo.of(new WriteSubmissionFn(output)));
    String specSha256 = ensembleSha256;
    String segmentation = segmentationSha256;
    PCollection<String> predictionLines = predictions
        .apply("Predictions as JSON", MapElements.into(TypeDescriptors.strings())
            .via((PatientPrediction p) -> JsonText.of(p.asJson(specSha256, segmentation))))
        .apply("Predictions", SortedJsonLines.to(output + "/" + ScorePipeline.PREDICTIONS));
    PCollectionList<DeadLetter> all = letters;
    if (store != null) {
      // The key images are the montages' tiles: stored only once every montage of the run is written.
      all = all.and(predictions.apply("Montages written", Wait.on(montages)).apply("Store results", store));
    }
    PCollection<String> deadLetters = underClaim(all.apply("Gather dead letters", Flatten.pCollections()), "Dead letters")
        .apply("Dead letters", DeadLetterFile.to(output + "/" + ScorePipeline.DEAD_LETTERS));
    // The report reads the three files, so it waits for all of them; it is part of the job so that
    // a launch that does not wait (a Flex Template) still gets one.
    return PCollectionList.of(submission).and(predictionLines).and(deadLetters)
        .apply("Run files", Flatten.pCollections())
        .apply("All written", Count.globally())
        .apply("Report", ParDo.of(new WriteReportFn(output, System.currentTimeMillis(), truth)));
  }

  /** {@code results}, held back until the run has checked it still owns the output's lock (when it holds one). */
  private <T> PCollection<T> underClaim(PCollection<T> results, String name) {
    return claim == null ? results : results.apply(name + ": still the output's writer", WhileLockHeld.by(claim));
  }
}
