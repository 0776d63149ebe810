package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.ensemble.SeriesScore;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.InferenceBatch;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.coders.SequenceSampleCoder;
import org.traumaflow.sequence.SequenceSample;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.TorchScriptMember;
import org.traumaflow.testing.TransformPipeline;

/**
 * Stage 2 of scoring on a TorchScript member made by PyTorch: a series' study probability is the
 * max over its windows and steps of what PyTorch computes on them, its curves are those steps in
 * window order, and a series that a member cannot predict whole goes to the dead letters, named.
 */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunEnsembleTest {
  private static final int SIZE = 16;
  /** The registry runs' location: TorchScript members have none. */
  private static final String NO_RUNS = "no-registry-runs";

  TorchScriptMember reference;

  @BeforeAll
  void exportWithPyTorch(@TempDir Path dir) throws IOException {
    reference = TorchScriptMember.export(dir, SIZE, 2);
  }

  @Test
  void eachSeriesGetsTheMaxOverItsWindowsOfTheMembersProbabilitiesAndItsCurvesInWindowOrder() {
    // Series 10/1.1: images 0 and 1 as its windows 0 and 1, given in reverse; and a window of the
    // other variant, which no member of this spec takes. Series 11/2.1: image 1 alone.
    List<SequenceSample> windows = List.of(reference.window(1, 10, "1.1", "ours", 1), reference.window(0, 10, "1.1", "ours", 0),
        reference.window(0, 10, "1.1", "theo", 0), reference.window(1, 11, "2.1", "ours", 0));
    float[][][] probabilities = reference.probabilities();
    Map<String, float[][][]> expected = Map.of("10/1.1", probabilities, "11/2.1", new float[][][] {probabilities[1]});

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple scored = pipeline.apply(Create.of(windows).withCoder(SequenceSampleCoder.of()))
        .apply(RunEnsemble.of(spec(member("bowel", reference.file(), "bowel_extravasation")), NO_RUNS).withBatch(InferenceBatch.wholeWindows(2)));

    PAssert.that(scored.get(RunEnsemble.SERIES)).satisfies(series -> {
      Map<String, SeriesScore> byKey = new TreeMap<>();
      series.forEach(kv -> byKey.put(kv.getKey(), kv.getValue()));
      assertEquals(expected.keySet(), byKey.keySet());
      expected.forEach((key, windowsOfSeries) -> assertScore(key, windowsOfSeries, byKey.get(key)));
      return null;
    });
    PAssert.that(scored.get(RunEnsemble.DEAD_LETTERS)).empty();
    TransformPipeline.run(pipeline);
  }

  @Test
  void aSeriesWithAWindowTheMemberCannotPredictGoesToTheDeadLettersWholeAndTheOthersAreScored() {
    // Series 11/2.1's second window has no pixels: the member's first convolution refuses it.
    SequenceSample empty = new SequenceSample(11, "2.1", "ours", 1, 0, new int[SequenceSample.STEPS * SequenceSample.CHANNELS], new byte[0],
        new float[SequenceSample.STEPS * SliceTarget.COUNT], 0, new byte[0]);
    List<SequenceSample> windows = List.of(reference.window(0, 10, "1.1", "ours", 0), reference.window(1, 11, "2.1", "ours", 0), empty);

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple scored = pipeline.apply(Create.of(windows).withCoder(SequenceSampleCoder.of()))
        .apply(RunEnsemble.of(spec(member("bowel", reference.file(), "bowel_extravasation")), NO_RUNS));

    PAssert.that(scored.get(RunEnsemble.SERIES).apply("Scored keys", Keys.create())).containsInAnyOrder("10/1.1");
    PAssert.that(scored.get(RunEnsemble.DEAD_LETTERS)).satisfies(letters -> {
      DeadLetter letter = only(letters);
      assertEquals(List.of("run-ensemble", "11/2.1", "11/2.1", "PredictionFailed", true),
          List.of(letter.stage(), letter.item(), letter.location(), letter.errorType(), letter.fatal()));
      assertTrue(letter.reason().startsWith("member 'bowel', window 1 (ours): "), letter.reason());
      return null;
    });
    TransformPipeline.run(pipeline);
  }

  @Test
  void aMemberWhoseOutputsDoNotFitItsTaskSendsEverySeriesToTheDeadLettersNamingItAndTheShapes() {
    List<SequenceSample> windows = List.of(reference.window(0, 10, "1.1", "ours", 0), reference.window(1, 10, "1.1", "ours", 1));
    // The same module, which gives 2 outputs per step, listed a second time as an organs model, which has 10:
    // the worker must not hand the second member the first one's predictor.
    EnsembleSpec spec = spec(member("bowel", reference.file(), "bowel_extravasation"), member("mislabelled", reference.file(), "organs"));

    Pipeline pipeline = TransformPipeline.create();
    PCollectionTuple scored = pipeline.apply(Create.of(windows).withCoder(SequenceSampleCoder.of()))
        .apply(RunEnsemble.of(spec, NO_RUNS));

    PAssert.that(scored.get(RunEnsemble.SERIES)).empty();
    PAssert.that(scored.get(RunEnsemble.DEAD_LETTERS)).satisfies(letters -> {
      DeadLetter letter = only(letters);
      assertEquals(List.of("10/1.1", "PredictionFailed", true), List.of(letter.item(), letter.errorType(), letter.fatal()));
      assertTrue(letter.reason().startsWith("member 'mislabelled', window "), letter.reason());
      assertTrue(letter.reason().contains("IllegalStateException") && letter.reason().contains("32, 2)") && letter.reason().contains("32, 10)"),
          letter.reason());
      return null;
    });
    TransformPipeline.run(pipeline);
  }

  /** {@code score} is the bowel member's max over {@code windows} and steps, its curves their steps in order. */
  private static void assertScore(String key, float[][][] windows, SeriesScore score) {
    assertEquals(key.substring(key.indexOf('/') + 1), score.seriesId());
    assertNull(score.cropBox(), "the crop box is added when the series is recorded");
    List<SliceTarget> targets = List.of(SliceTarget.BOWEL, SliceTarget.EXTRAVASATION);
    for (int o = 0; o < targets.size(); o++) {
      float max = 0;
      List<Float> curve = new ArrayList<>();
      for (float[][] window : windows) {
        for (float[] step : window) {
          max = Math.max(max, step[o]);
          curve.add(step[o]);
        }
      }
      SliceTarget target = targets.get(o);
      assertEquals(max, score.members().get("bowel").get(target), 1e-5, key + " " + target);
      List<Float> got = score.curves().get("bowel").get(target);
      assertEquals(curve.size(), got.size(), key + " " + target + " curve length");
      for (int i = 0; i < curve.size(); i++) {
        assertEquals(curve.get(i), got.get(i), 1e-5, key + " " + target + " step " + i);
      }
    }
    assertEquals(targets, List.copyOf(score.members().get("bowel").keySet()), key + ": the task's targets, no others");
  }

  private static DeadLetter only(Iterable<DeadLetter> letters) {
    List<DeadLetter> all = new ArrayList<>();
    letters.forEach(all::add);
    assertEquals(1, all.size(), all::toString);
    return all.get(0);
  }

  private static EnsembleSpec spec(EnsembleSpec.Member... members) {
    return new EnsembleSpec(List.of(members), "max", null);
  }

  /** A TorchScript member: the caller verifies the file's hash before scoring, so here it is any well-formed one. */
  private static EnsembleSpec.Member member(String name, Path file, String task) {
    return new EnsembleSpec.Member(name, 1.0, "ours", null, null, file.toString(), "0".repeat(64), task);
  }
}
