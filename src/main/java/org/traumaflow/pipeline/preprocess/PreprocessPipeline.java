package org.traumaflow.pipeline.preprocess;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.traumaflow.pipeline.common.DeadLetterFile;
import org.traumaflow.pipeline.common.RunnerTuning;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.pipeline.common.SortedJsonLines;
import org.traumaflow.pipeline.series.PrepareAndSegment;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.series.PreprocessSpecFile;
import org.traumaflow.pipeline.series.SeriesSource;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.storage.Locations;

/**
 * {@code traumaflow preprocess}: a dataset in the competition layout to per-series info records
 * ({@code info.jsonl}), windowed volumes and stage-1 inputs ({@code volumes/}, NumPy) and dead
 * letters ({@code dead_letters.jsonl}) for every series or file that could not be used.
 */
public final class PreprocessPipeline {
  private PreprocessPipeline() {}

  /**
   * Launches the pipeline and returns without waiting for the job: a Flex Template launcher runs
   * this and must be let go once Dataflow has the job. Runners that execute in this JVM (Direct,
   * Flink) have finished the job, or thrown its failure, by the time {@link #run} returns.
   */
  public static void main(String[] args) throws InvalidSpecException {
    run(PipelineOptionsFactory.fromArgs(args).withValidation().as(PreprocessOptions.class));
  }

  public static PipelineResult run(PreprocessOptions options) throws InvalidSpecException {
    PreprocessSpec spec = PreprocessSpecFile.given(options.getSpec()).spec();
    RunnerTuning.configure(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, spec);
    return pipeline.run();
  }

  static void build(Pipeline pipeline, PreprocessOptions options, PreprocessSpec spec) {
    String output = Locations.trimmed(options.getOutput());
    PCollectionTuple found = pipeline.apply("Discover series", SeriesSource.of(options));
    PCollectionTuple stage1 = found.get(SeriesSource.SERIES).apply("Prepare and segment", PrepareAndSegment.from(options, spec));
    PCollection<KV<SeriesRef, SegmentedSeries>> segmented = stage1.get(PrepareAndSegment.SEGMENTED);
    PCollectionView<Map<String, Double>> aorticHu = pipeline.apply("Series metadata", SeriesMetadata.aorticHu(options.getInput()));
    PCollectionTuple written = segmented.apply("Write volumes", new WriteVolumes(output, aorticHu));

    written.get(WriteVolumes.INFO).apply("Info records", SortedJsonLines.to(output + "/info.jsonl"));
    PCollectionList.of(found.get(SeriesSource.DEAD_LETTERS)).and(stage1.get(PrepareAndSegment.DEAD_LETTERS)).and(written.get(WriteVolumes.DEAD_LETTERS))
        .apply("Gather dead letters", Flatten.pCollections())
        .apply("Dead letters", DeadLetterFile.to(output + "/dead_letters.jsonl"));
  }
}
