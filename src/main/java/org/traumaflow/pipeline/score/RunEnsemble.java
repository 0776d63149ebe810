package org.traumaflow.pipeline.score;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Instant;
import org.traumaflow.engine.IntraOpThreads;
import org.traumaflow.ensemble.EnsembleBlend;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.InferenceBatch;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.StepTime;
import org.traumaflow.pipeline.common.WorkerShared;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.zoo.RunFiles;

/**
 * Stage 2 of scoring: every window predicted by every ensemble member of its preprocessing
 * variant, a member's runs (folds x seeds) averaged at slice level per window
 * ({@link EnsembleBlend#averageFolds}), then per series and member the max over its windows
 * ({@link EnsembleBlend#studyProbabilities}). Emits one {@link SeriesScore} per series, keyed
 * {@code patient/series}, without a crop box. A series any of whose windows a member could not
 * predict goes to {@link #DEAD_LETTERS} whole, so no series is scored on part of its windows.
 *
 * <p>Each run's checkpoint (a folder or {@code gs://} prefix) and each TorchScript file is loaded
 * once per worker JVM and shared by the DoFn instances there ({@link WorkerShared}); the caller
 * verifies the members' hashes before the pipeline starts.
 *
 * <pre>{@code
 * PCollectionTuple scored = windows.apply(RunEnsemble.of(spec, "gs://bucket/runs"));
 * PCollection<KV<String, SeriesScore>> series = scored.get(RunEnsemble.SERIES);
 * }</pre>
 */
public final class RunEnsemble extends PTransform<PCollection<SequenceSample>, PCollectionTuple> {
  public static final TupleTag<KV<String, SeriesScore>> SERIES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  private static final String STAGE = "run-ensemble";

  private final EnsembleSpec spec;
  private final String runsLocation;
  private final InferenceBatch batch;

  private RunEnsemble(EnsembleSpec spec, String runsLocation, InferenceBatch batch) {
    this.spec = spec;
    this.runsLocation = runsLocation;
    this.batch = Objects.requireNonNull(batch, "batch");
  }

  /**
   * The members of {@code spec}, registry run paths that are not absolute taken under {@code runsLocation};
   * {@value SequencePredictor#DEFAULT_BATCH_SIZE} whole windows per forward pass.
   */
  public static RunEnsemble of(EnsembleSpec spec, String runsLocation) {
    return new RunEnsemble(Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(runsLocation, "runsLocation"),
        InferenceBatch.wholeWindows(SequencePredictor.DEFAULT_BATCH_SIZE));
  }

  /**
   * A copy whose members take windows as {@code batch} says (the same probabilities as one window
   * at a time, within float rounding); one whole window per pass is how scoring ran before batches.
   */
  public RunEnsemble withBatch(InferenceBatch batch) {
    return new RunEnsemble(spec, runsLocation, batch);
  }

  /**
   * One member's fold-averaged outputs on window {@code window} of its series, {@code [step][output]},
   * or why it failed: 32 x at most 10 floats, small enough to shuffle.
   */
  record MemberWindow(String member, int window, SequenceTask task, float[][] steps, String failure) implements Serializable {}

  @Override
  public PCollectionTuple expand(PCollection<SequenceSample> windows) {
    PCollectionTuple out = windows
        .apply("Predict windows", ParDo.of(new PredictFn(spec, runsLocation, batch)))
        .apply("Windows by series", GroupByKey.create())
        .apply("Max over windows", ParDo.of(new SeriesFn()).withOutputTags(SERIES, TupleTagList.of(DEAD_LETTERS)));
    return out;
  }

  /** A member's loaded runs: one predictor for a TorchScript member. */
  private record LoadedMember(EnsembleSpec.Member member, List<WorkerShared.Handle<SequencePredictor>> runs) {}

  /**
   * Predicts windows {@code batch.windows()} at a time: windows wait in the bundle until a batch is
   * full, a window of another series arrives or the bundle ends. A batch never mixes series, so a
   * series' batches are the same on every runner (make-volumes emits a series' windows together, in
   * order), and so are its probabilities to the last bit. Scoring windows all lie in the global
   * window of a bounded input, so a window's results may be emitted while a later one is processed.
   * A batch that fails is retried one window at a time, so only the window that cannot be predicted
   * fails its series.
   */
  private static final class PredictFn extends DoFn<SequenceSample, KV<String, MemberWindow>> {
    private final Counter predicted = Metrics.counter(RunEnsemble.class, "member-windows-predicted");
    private final StepTime time = StepTime.of(StepTime.ENSEMBLE);
    private final EnsembleSpec spec;
    private final String runsLocation;
    private final InferenceBatch batch;
    private transient List<LoadedMember> members;
    private transient List<Pending> pending;

    /** A window waiting for its batch, with where its results go when the bundle ends first. */
    private record Pending(SequenceSample window, Instant timestamp, BoundedWindow beamWindow) {}

    PredictFn(EnsembleSpec spec, String runsLocation, InferenceBatch batch) {
      this.spec = spec;
      this.runsLocation = runsLocation;
      this.batch = batch;
    }

    @Setup
    public void setup() throws Exception {
      members = new ArrayList<>();
      for (EnsembleSpec.Member member : spec.members()) {
        List<WorkerShared.Handle<SequencePredictor>> runs = new ArrayList<>();
        if (member.fromRegistry()) {
          for (EnsembleSpec.RunRef run : member.runs()) {
            String checkpoint = run.location(runsLocation) + "/" + RunFiles.CHECKPOINT;
            runs.add(WorkerShared.acquire("sequence-run:" + checkpoint + "#" + run.sha256() + "@" + batch, () -> SequencePredictor.load(
                LocalMirror.of(checkpoint, ObjectStore.at(checkpoint), LocalMirror.defaultCache()), batch)));
          }
        } else {
          // The predictor reads its outputs as the member's task: one module listed under two tasks is two predictors.
          runs.add(WorkerShared.acquire("torchscript:" + member.torchscript() + "#" + member.sha256() + "/" + member.torchScriptTask() + "@" + batch.windows(),
              () -> SequencePredictor.loadTorchScript(LocalMirror.file(member.torchscript(), LocalMirror.defaultCache()), member.torchScriptTask(), batch.windows())));
        }
        members.add(new LoadedMember(member, runs));
      }
      // Every worker of this JVM holds a handle on each run: they share the cores.
      if (!members.isEmpty() && !members.get(0).runs().isEmpty()) {
        IntraOpThreads.shareAmong(members.get(0).runs().get(0).users());
      }
    }

    @StartBundle
    public void startBundle() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element SequenceSample window, @Timestamp Instant timestamp, BoundedWindow beamWindow,
        OutputReceiver<KV<String, MemberWindow>> out) {
      if (!pending.isEmpty() && !pending.get(0).window().seriesKey().equals(window.seriesKey())) {
        predictPending().forEach(result -> out.output(result.getValue()));
      }
      pending.add(new Pending(window, timestamp, beamWindow));
      if (pending.size() >= batch.windows()) {
        predictPending().forEach(result -> out.output(result.getValue()));
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      predictPending().forEach(result -> context.output(result.getValue(), result.getKey().timestamp(), result.getKey().beamWindow()));
    }

    /** Every member's result on every pending window, each beside the window it belongs to. */
    private List<KV<Pending, KV<String, MemberWindow>>> predictPending() {
      List<Pending> batch = pending;
      pending = new ArrayList<>();
      List<KV<Pending, KV<String, MemberWindow>>> results = new ArrayList<>();
      if (batch.isEmpty()) {
        return results;
      }
      for (LoadedMember loaded : members) {
        List<Pending> mine = batch.stream().filter(p -> loaded.member().variant().equals(p.window().variant())).toList();
        if (mine.isEmpty()) {
          continue;
        }
        List<float[][]> steps = null;
        if (mine.size() > 1) {
          try {
            steps = predict(loaded, mine.stream().map(Pending::window).toList());
          } catch (RuntimeException batchFailed) {
            steps = null; // one window at a time below, so the failure lands on the window that causes it
          }
        }
        for (int i = 0; i < mine.size(); i++) {
          SequenceSample window = mine.get(i).window();
          results.add(KV.of(mine.get(i), steps != null ? predicted(loaded, window, steps.get(i)) : predictAlone(loaded, window)));
        }
      }
      return results;
    }

    private KV<String, MemberWindow> predictAlone(LoadedMember loaded, SequenceSample window) {
      try {
        return predicted(loaded, window, predict(loaded, List.of(window)).get(0));
      } catch (RuntimeException failed) {
        String name = loaded.member().name();
        return KV.of(window.seriesKey(), new MemberWindow(name, window.window(), null, null, "member '" + name + "', window " + window.window()
            + " (" + window.variant() + "): " + failed.getClass().getSimpleName() + ": " + failed.getMessage()));
      }
    }

    /** A member's runs on {@code windows}, averaged at slice level per window. */
    private List<float[][]> predict(LoadedMember loaded, List<SequenceSample> windows) {
      return time.measure(() -> {
        List<List<float[][]>> perRun = new ArrayList<>(loaded.runs().size());
        for (WorkerShared.Handle<SequencePredictor> run : loaded.runs()) {
          perRun.add(run.get().predict(windows));
        }
        return EnsembleBlend.averageFolds(perRun);
      });
    }

    private KV<String, MemberWindow> predicted(LoadedMember loaded, SequenceSample window, float[][] steps) {
      predicted.inc();
      SequenceTask task = loaded.runs().get(0).get().task();
      return KV.of(window.seriesKey(), new MemberWindow(loaded.member().name(), window.window(), task, steps, null));
    }

    @Teardown
    public void teardown() throws Exception {
      if (members != null) {
        for (LoadedMember loaded : members) {
          for (WorkerShared.Handle<SequencePredictor> run : loaded.runs()) {
            run.close();
          }
        }
      }
    }
  }

  private static final class SeriesFn extends DoFn<KV<String, Iterable<MemberWindow>>, KV<String, SeriesScore>> {
    @ProcessElement
    public void process(@Element KV<String, Iterable<MemberWindow>> series, MultiOutputReceiver out) {
      String key = series.getKey();
      Map<String, List<MemberWindow>> byMember = new LinkedHashMap<>();
      for (MemberWindow w : series.getValue()) {
        if (w.failure() != null) {
          out.get(DEAD_LETTERS).output(new DeadLetter(STAGE, key, key, "PredictionFailed", w.failure(), true));
          return;
        }
        byMember.computeIfAbsent(w.member(), m -> new ArrayList<>()).add(w);
      }
      Map<String, Map<SliceTarget, Double>> studies = new LinkedHashMap<>();
      Map<String, Map<SliceTarget, List<Float>>> curves = new LinkedHashMap<>();
      byMember.forEach((member, windows) -> {
        // Windows arrive from the shuffle in any order; the max does not care, the curves do.
        windows.sort(Comparator.comparingInt(MemberWindow::window));
        SequenceTask task = windows.get(0).task();
        List<float[][]> steps = windows.stream().map(MemberWindow::steps).toList();
        studies.put(member, EnsembleBlend.studyProbabilities(task, steps));
        curves.put(member, curves(task, steps));
      });
      String seriesId = key.substring(key.indexOf('/') + 1);
      out.get(SERIES).output(KV.of(key, new SeriesScore(seriesId, studies, curves, null)));
    }

    /** Per target, its probability at every step of the windows in order. */
    private static Map<SliceTarget, List<Float>> curves(SequenceTask task, List<float[][]> windows) {
      Map<SliceTarget, List<Float>> byTarget = new EnumMap<>(SliceTarget.class);
      for (int i = 0; i < task.outputs(); i++) {
        List<Float> curve = new ArrayList<>();
        for (float[][] window : windows) {
          for (float[] step : window) {
            curve.add(step[i]);
          }
        }
        byTarget.put(task.targets().get(i), curve);
      }
      return byTarget;
    }
  }
}
