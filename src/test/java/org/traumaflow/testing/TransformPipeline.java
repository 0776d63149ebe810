package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;

/**
 * A pipeline on the DirectRunner for testing one transform with {@link PAssert} on small
 * {@code Create.of} inputs, as Beam's own transform tests do.
 *
 * <p>Beam's {@code TestPipeline} is a JUnit 4 rule: it implements {@code org.junit.rules.TestRule},
 * and neither {@code junit:junit} nor the vintage engine is a dependency of this project, whose
 * tests run on JUnit 5 alone, so the class does not even load here. This is what it adds to a plain
 * {@code Pipeline.create}: after the run, every {@code PAssert} of the pipeline must have
 * succeeded, so an assertion whose step never ran cannot pass a test by saying nothing.
 *
 * <pre>{@code
 * Pipeline pipeline = TransformPipeline.create();
 * PAssert.that(pipeline.apply(Create.of(refs)).apply(CheckLedger.in(output, key)).get(CheckLedger.TO_SCORE)).containsInAnyOrder(changed);
 * TransformPipeline.run(pipeline);
 * }</pre>
 */
public final class TransformPipeline {
  private TransformPipeline() {}

  /** An empty pipeline on the DirectRunner, with its default checks of immutability and encodability. */
  public static Pipeline create() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }

  /**
   * Runs {@code pipeline} to its end; a failed {@code PAssert} fails the calling test with its own
   * message, and so does one that never ran.
   */
  public static PipelineResult run(Pipeline pipeline) {
    int asserts = PAssert.countAsserts(pipeline);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(PipelineResult.State.DONE, result.getState());
    long succeeded = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(PAssert.class, PAssert.SUCCESS_COUNTER)).build()).getCounters()) {
      if (counter.getAttempted() > 0) {
        succeeded++;
      }
    }
    assertEquals(asserts, succeeded, "PAssert checks that succeeded, of those the pipeline holds");
    return result;
  }
}
