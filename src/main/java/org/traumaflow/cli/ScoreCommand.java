package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.traumaflow.ensemble.MemberIntegrityException;
import org.traumaflow.label.LabelTables;
import org.traumaflow.ledger.LedgerEntry;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.score.ScoreInPasses;
import org.traumaflow.pipeline.score.ScoreInputs;
import org.traumaflow.pipeline.score.ScoreOptions;
import org.traumaflow.pipeline.score.ScorePipeline;
import org.traumaflow.pipeline.series.SystematicFailure;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.OutputLock;
import org.traumaflow.storage.SeparateLocations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code traumaflow score}: a dataset's patients to a submission with a verified ensemble, on any Beam runner. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Scores the patients of a dataset in the competition layout (the test split by default) with an",
      "ensemble spec (pipelines/ensemble.yaml's format) and writes under OUTPUT: submission.csv",
      "(sample_submission.csv's format, one row per patient), predictions.jsonl (per patient: the row,",
      "any_injury, each series' member study probabilities and crop box, the spec's SHA-256) and",
      "dead_letters.jsonl (every series that could not be scored) and report.html (a self-contained",
      "summary with per-patient probabilities, per-step curves and crop boxes). Each scored series is",
      "recorded in OUTPUT/ledger as soon as it is known: a re-run (a nightly job, or after a crash) scores only",
      "new or changed series and carries the others over (--rescore to score all). Every member's file is checked",
      "against the hash the spec pins before anything runs; a missing or changed file exits 2.",
      "Other options go to Beam: --runner=FlinkRunner --flinkMaster=[local] --parallelism=2, ..."
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin StudySource source;

  @Mixin DatasetOptions dataset;

  @Option(names = "--output", required = true, paramLabel = "OUTPUT", description = "Folder or gs:// prefix for the results.")
  String output;

  @Option(names = "--ensemble", required = true, paramLabel = "YAML", description = "Ensemble spec whose members are scored.")
  String ensemble;

  @Option(names = "--runs", required = true, paramLabel = "LOCATION", description = "Where the registry runs are (train's --output).")
  String runs;

  @Option(names = "--splits", paramLabel = "SPLITS", description = "Splits to score, comma-separated (default: test).")
  String splits;

  @Option(names = "--no-segmentation",
      description = "Score without a segmentation model: every slice uncropped, which no model saw in training; "
          + "predictions.jsonl and report.html say so. Without it, --segmentation-model is required.")
  boolean noSegmentation;

  @Option(names = "--rescore",
      description = "Score every series again; by default a series the output's ledger holds for the same files, ensemble, preprocessing and segmentation model is carried over.")
  boolean rescore;

  @Option(names = "--fail-on-dead-letters", description = "Exit 1 when any series or patient went to the dead letters (for nightly jobs that must fail loudly).")
  boolean failOnDeadLetters;

  @Option(names = "--series-per-pass", paramLabel = "N",
      description = "Score at most N series per pipeline run, each recorded in the ledger, the last run publishing (0: all in one run). "
          + "Default: " + ScoreInPasses.DIRECT_RUNNER_SERIES_PER_PASS + " on the direct runner, which holds every series it reads "
          + "until it is scored; all in one run on runners that stream (Flink, Dataflow).")
  Integer seriesPerPass;

  @Option(names = "--systematic-failure-share", paramLabel = "SHARE", defaultValue = "" + SystematicFailure.DEFAULT_SHARE,
      description = "Fail the run (exit 1, no submission.csv) when more than this share of the series it scored failed at the same "
          + "stage with the same error: a fault of the run (a model, a spec, an export), not of the series. Default: ${DEFAULT-VALUE}.")
  double systematicFailureShare;

  @Option(names = "--systematic-failure-min-series", paramLabel = "N", defaultValue = "" + SystematicFailure.DEFAULT_MIN_SERIES,
      description = "Apply --systematic-failure-share only to runs that scored at least N series. Default: ${DEFAULT-VALUE}.")
  int systematicFailureMinSeries;

  @Option(names = "--truth", paramLabel = "CSV",
      description = "train.csv-style labels of the scored patients (a path or gs://): report.html then gives the official metric.")
  String truth;

  @Option(names = "--store-results", paramLabel = "WHERE",
      description = "Also write each scored study's results back as DICOM: a Comprehensive SR (probabilities, predicted injuries, "
          + "the ensemble's SHA-256, not for diagnostic use) and Secondary Capture key images, in the study. dicomweb: STOW-RS into "
          + "the --dicomweb service; folder: files under OUTPUT/dicom/<patient>/<study>/. Default: neither. The ledger records what "
          + "was stored, so a re-run stores nothing twice; a failed store is a dead letter.")
  String storeResults;

  @Unmatched List<String> beamArguments = new ArrayList<>();

  @Spec CommandSpec commandSpec;

  @Override
  public Integer call() throws IOException {
    source.check();
    try {
      SeparateLocations.require(source.where.dicomweb != null ? "--dicomweb" : "--input",
          source.where.dicomweb != null ? source.where.dicomweb : source.where.input, "--output", output);
    } catch (IllegalArgumentException overlapping) {
      throw new UserInputException(overlapping.getMessage());
    }
    ScoreOptions options = PipelineArguments.validated(commandSpec, beamArguments, ScoreOptions.class);
    PrintWriter err = commandSpec.commandLine().getErr();
    // Read before scoring, so a bad label file is refused before hours of work, not after.
    if (truth != null) {
      LabelTables.readTrain(LocalMirror.file(truth, LocalMirror.defaultCache()));
    }
    int perPass;
    SystematicFailure systematic;
    try {
      perPass = ScoreInPasses.seriesPerPass(options, seriesPerPass);
      systematic = new SystematicFailure(systematicFailureShare, systematicFailureMinSeries);
    } catch (IllegalArgumentException badCount) {
      throw new UserInputException(badCount.getMessage());
    }
    ScoreInputs ensemble;
    try {
      ensemble = ScoreInputs.verify(options, err::println);
    } catch (InvalidSpecException | MemberIntegrityException | IllegalArgumentException refused) {
      throw new UserInputException(refused.getMessage());
    } catch (NoSuchFileException missing) {
      throw new UserInputException(missing.getFile() + ": no such file");
    }
    // One run per output location, taken once the inputs are known good: a second run there would
    // interleave its files with this one's.
    try (OutputLock lock = OutputLock.acquire(ObjectStore.at(output), "score", OutputLock.DEFAULT_RECLAIM_AGE);
        StopOnSignal stop = StopOnSignal.install("score", lock, err)) {
      // Said once the run is under way: a refused run prints its one error line and nothing else.
      err.println(ensemble.preprocessOrigin());
      ScoreInPasses.Outcome outcome;
      try {
        outcome = ScoreInPasses.run(options, ensemble, perPass, driver(lock, stop));
      } catch (RuntimeException failed) {
        OutputLock.LockLostException lost = lockLost(failed);
        if (lost == null) {
          throw failed;
        }
        // A failed run, not bad input: exit 1, with the lock's new owner named rather than a pipeline's stack.
        err.println("error: score: " + lost.getMessage());
        return 1;
      }
      PipelineResult.State state = outcome.state();
      if (stop.signalled()) {
        return 1;
      }
      ObjectStore out = ObjectStore.at(output);
      String report = state == PipelineResult.State.DONE ? out.uri(ScoreReport.FILE) : null;
      List<DeadLetter> letters = deadLetters(out);
      long failed = letters.size();
      String passes = perPass == 0 ? "" : "; " + outcome.passes() + (outcome.passes() == 1 ? " pass" : " passes") + " of at most " + perPass + " series";
      err.println("score: " + outcome.counts() + " (ledger: " + out.uri(LedgerEntry.FOLDER) + passes + ")");
      Optional<String> fault = state == PipelineResult.State.DONE ? systematic.in(letters, outcome.counts().toScore()) : Optional.empty();
      if (fault.isPresent()) {
        // A submission of fallback rows looks like any other: none is left for a scheduler to ship.
        out.delete(ScorePipeline.SUBMISSION);
        out.delete(ScoreReport.FILE);
        err.println("error: score: " + fault.get() + "; removed " + out.uri(ScorePipeline.SUBMISSION) + " and " + out.uri(ScoreReport.FILE)
            + "; the dead letters are in " + out.uri(ScorePipeline.DEAD_LETTERS));
        return 1;
      }
      err.println("score: " + state + "; wrote " + out.uri(ScorePipeline.SUBMISSION) + " and "
          + out.uri(ScorePipeline.PREDICTIONS) + (report != null ? " and " + report : "") + (failed > 0 ? "; " + failed + " dead letters in " + out.uri(ScorePipeline.DEAD_LETTERS) : ""));
      return state == PipelineResult.State.DONE && !(failOnDeadLetters && failed > 0) ? 0 : 1;
    }
  }

  /** The job's view of this command: the signal handler sees each pipeline, the lock is checked before each pass. */
  private static ScoreInPasses.Driver driver(OutputLock lock, StopOnSignal stop) {
    return new ScoreInPasses.Driver() {
      @Override
      public PipelineResult started(PipelineResult pipeline) {
        return stop.running(pipeline);
      }

      @Override
      public boolean stopped() {
        return stop.signalled();
      }

      @Override
      public OutputLock.Claim claim() {
        return lock.claim();
      }
    };
  }

  private static List<DeadLetter> deadLetters(ObjectStore out) throws IOException {
    if (!out.exists(ScorePipeline.DEAD_LETTERS)) {
      return List.of();
    }
    ObjectMapper json = new ObjectMapper();
    List<DeadLetter> letters = new ArrayList<>();
    for (String line : new String(out.read(ScorePipeline.DEAD_LETTERS), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
      letters.add(DeadLetter.fromJson(json.readTree(line)));
    }
    return letters;
  }

  /** The lock's loss, wherever in the cause chain a runner wrapped it. */
  private static OutputLock.LockLostException lockLost(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof OutputLock.LockLostException lost) {
        return lost;
      }
    }
    return null;
  }
}
