package org.traumaflow.pipeline.train;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.storage.Sha256;
import org.traumaflow.zoo.RunFiles;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.RunTrainer;
import org.traumaflow.zoo.TrainingRun;

/**
 * The zoo's fan-out: runs spread over workers ({@link Reshuffle}), each trained on its worker's
 * device and published under {@code output/<run id>/} ({@link RunTrainer}); a run whose stored
 * manifest is complete and verifies is not trained again. Emits one outcome per run: its record,
 * or the reason it failed (a failed run never stops the others).
 *
 * <p>libtorch allows one training per JVM at a time, so runs that land in the same worker JVM
 * take turns; parallelism comes from workers (TaskManagers, Dataflow VMs), one GPU each.
 *
 * <pre>{@code
 * PCollection<TrainZoo.Outcome> outcomes = runs.apply(TrainZoo.to("gs://bucket/zoo").withResume(true));
 * }</pre>
 */
public final class TrainZoo extends PTransform<PCollection<TrainingRun>, PCollection<TrainZoo.Outcome>> {
  /** Serialises training within one JVM (see the class comment). */
  private static final Object ONE_TRAINING_PER_JVM = new Object();

  private final String output;
  private final boolean resume;
  private final String workDir;

  /** What became of one run: its record, or why it failed. */
  public record Outcome(String runId, RunRecord record, String failure, boolean skipped) implements Serializable {}

  private TrainZoo(String output, boolean resume, String workDir) {
    this.output = output;
    this.resume = resume;
    this.workDir = workDir;
  }

  public static TrainZoo to(String output) {
    return new TrainZoo(output, false, null);
  }

  public TrainZoo withResume(boolean value) {
    return new TrainZoo(output, value, workDir);
  }

  public TrainZoo withWorkDir(String folder) {
    return new TrainZoo(output, resume, folder);
  }

  @Override
  public PCollection<Outcome> expand(PCollection<TrainingRun> runs) {
    return runs
        .apply("Spread runs over workers", Reshuffle.viaRandomKey())
        .apply("Train runs", ParDo.of(new TrainFn(output, resume, workDir)));
  }

  private static final class TrainFn extends DoFn<TrainingRun, Outcome> {
    private final Counter trained = Metrics.counter(TrainZoo.class, "runs-trained");
    private final Counter skipped = Metrics.counter(TrainZoo.class, "runs-skipped");
    private final Counter failed = Metrics.counter(TrainZoo.class, "runs-failed");
    private final String output;
    private final boolean resume;
    private final String workDir;

    TrainFn(String output, boolean resume, String workDir) {
      this.output = output;
      this.resume = resume;
      this.workDir = workDir;
    }

    @ProcessElement
    public void process(@Element TrainingRun run, OutputReceiver<Outcome> out) {
      ObjectStore runStore = ObjectStore.at(output).child(run.id());
      try {
        var done = RunFiles.completed(runStore);
        if (done.isPresent()) {
          System.err.println(run.id() + ": complete and verified, not trained again");
          skipped.inc();
          out.output(new Outcome(run.id(), done.get(), null, true));
          return;
        }
        Path scratch = Path.of(workDir == null ? System.getProperty("java.io.tmpdir") : workDir, "traumaflow-runs",
            Sha256.hex(runStore.uri("").getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16));
        RunRecord record;
        synchronized (ONE_TRAINING_PER_JVM) {
          record = new RunTrainer(scratch, resume, line -> System.err.println(line)).train(run, runStore);
        }
        trained.inc();
        out.output(new Outcome(run.id(), record, null, false));
      } catch (IOException | RuntimeException e) {
        failed.inc();
        System.err.println(run.id() + ": failed: " + e);
        out.output(new Outcome(run.id(), null, e.getClass().getSimpleName() + ": " + e.getMessage(), false));
      }
    }
  }

  /** Failed run id -> reason. */
  static Map<String, String> failures(List<Outcome> outcomes) {
    Map<String, String> failed = new TreeMap<>();
    outcomes.stream().filter(o -> o.failure() != null).forEach(o -> failed.put(o.runId(), o.failure()));
    return failed;
  }
}
