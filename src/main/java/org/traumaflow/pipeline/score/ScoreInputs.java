package org.traumaflow.pipeline.score;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.MemberVerifier;
import org.traumaflow.label.LabelTables;
import org.traumaflow.metric.PriorBaseline;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.spec.SpecFile;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.ObjectStore;

/**
 * What a score run reads and checks before it builds a pipeline: the ensemble spec of the
 * options, validated and with every member's file verified against its hash, the SHA-256 of the
 * spec file that names the predictions, and the other run-level inputs read and checked with it:
 * the preprocessing spec and the fallback row.
 *
 * @param preprocessOrigin one line for the user: which preprocessing spec, and where it came from
 */
public record ScoreInputs(EnsembleSpec spec, String sha256, PreprocessSpec preprocess, String preprocessOrigin, PriorBaseline fallback) {
  /** The variants the ensemble's members take, each once. */
  public List<String> variants() {
    return variants(spec);
  }

  private static List<String> variants(EnsembleSpec spec) {
    return spec.members().stream().map(EnsembleSpec.Member::variant).distinct().toList();
  }

  /**
   * Reads the spec, refuses a run listed twice, hashes every member's stored file and checks each
   * registry run's model, variant and task ({@link MemberVerifier#storedRuns}); reads the
   * preprocessing spec, loads the segmentation model and every member and checks the slice sizes
   * they take against it ({@link ScorePreflight}); reads the input's {@code train.csv}: all before
   * a study is read or anything is written.
   *
   * @param log where the driver says what the user should know, e.g. that the fallback row is uniform
   * @throws InvalidSpecException when a spec is not valid, a run is listed twice, a target's members
   *     all weigh 0, or a model does not load or takes other slices than the preprocessing spec makes
   * @throws org.traumaflow.ensemble.MemberIntegrityException naming the first missing, changed or mismatched file
   * @throws org.traumaflow.label.LabelFileException when the input's train.csv is malformed
   * @throws IllegalArgumentException when there is no segmentation model and no {@code --noSegmentation}, or both
   */
  public static ScoreInputs verify(ScoreOptions options, Consumer<String> log) throws InvalidSpecException, IOException {
    requireSegmentationChoice(options);
    // A path or gs:// (a template's parameter), read by the one reader of specs.
    SpecFile ensembleFile = SpecFile.read(options.getEnsemble());
    String file = ensembleFile.name();
    EnsembleSpec spec = EnsembleSpec.of(ensembleFile);
    String runs = Locations.trimmed(options.getRuns());
    spec.requireDistinctRuns(file, runs);
    MemberVerifier.againstFiles(spec, runs);
    spec.requirePositiveWeights(file, MemberVerifier.tasks(spec, MemberVerifier.storedRuns(spec, runs)));
    boolean model = options.getSegmentationModel() != null && !options.getSegmentationModel().isBlank();
    String segmentation = model ? Locations.trimmed(options.getSegmentationModel()) : null;
    RecordedPreprocessing.Chosen chosen = RecordedPreprocessing.choose(options.getSpec(), segmentation, spec, runs);
    PreprocessSpecFile used = chosen.file();
    PreprocessSpec preprocess = used.spec();
    List<String> variants = variants(spec);
    if (!preprocess.variants().containsAll(variants)) {
      throw new InvalidSpecException(used.name() + ": the ensemble's members need the variants " + variants
          + ", the preprocessing spec makes only " + preprocess.variants(), null);
    }
    ScorePreflight.check(segmentation, spec, file, runs, used);
    // Refused here, before anything is scored, rather than after a night of scoring.
    StoreResults.destination(options);
    return new ScoreInputs(spec, ensembleFile.sha256(), preprocess, chosen.describe(), fallback(options.getInput(), log));
  }

  /**
   * Every model was trained on slices cropped to the study's organs: scoring uncropped ones must
   * be asked for, never what a forgotten option gives.
   */
  private static void requireSegmentationChoice(ScoreOptions options) {
    boolean model = options.getSegmentationModel() != null && !options.getSegmentationModel().isBlank();
    if (!model && !options.getNoSegmentation()) {
      throw new IllegalArgumentException("score needs a segmentation model (--segmentation-model, from train-segmentation; segmentationModel in a template): the members "
          + "were trained on slices cropped to the organs it finds. To score uncropped slices anyway, pass --no-segmentation");
    }
    if (model && options.getNoSegmentation()) {
      throw new IllegalArgumentException("--segmentation-model and --no-segmentation (noSegmentation) contradict each other; give one");
    }
  }

  /** The label prior of the dataset's train.csv; without one (or a dataset: DICOMweb), every class of a group equally likely. */
  private static PriorBaseline fallback(String input, Consumer<String> log) throws IOException {
    if (input == null || input.isBlank()) {
      log.accept("score: a DICOMweb service has no train.csv; groups no member predicts, and patients with no "
          + "scored series, get a uniform row instead of the label prior");
      return PriorBaseline.uniform();
    }
    ObjectStore dataset = ObjectStore.at(Locations.trimmed(input));
    if (!dataset.exists("train.csv")) {
      log.accept("score: " + dataset.uri("train.csv") + " is absent; groups no member predicts, and patients with no "
          + "scored series, get a uniform row instead of the label prior");
      return PriorBaseline.uniform();
    }
    String text = new String(dataset.read("train.csv"), StandardCharsets.UTF_8);
    return PriorBaseline.prevalence(LabelTables.readTrain(dataset.uri("train.csv"), new StringReader(text)));
  }
}
