package org.traumaflow.pipeline.common.coders;

import java.util.List;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviderRegistrar;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.sequence.SequenceSample;

/**
 * The pipeline elements' own coders, in every pipeline's coder registry: Beam loads this class
 * through {@code META-INF/services}, so a step infers its output's coder from the element type
 * and no step names one. It is here rather than on the types because the domain packages they
 * live in do not depend on Beam.
 */
public final class PipelineCoders implements CoderProviderRegistrar {
  @Override
  public List<CoderProvider> getCoderProviders() {
    return List.of(
        CoderProviders.forCoder(TypeDescriptor.of(SeriesRef.class), SeriesRefCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), DeadLetterCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(PreparedSeries.class), PreparedSeriesCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(SegmentedSeries.class), SegmentedSeriesCoder.of()),
        CoderProviders.forCoder(TypeDescriptor.of(SequenceSample.class), SequenceSampleCoder.of()));
  }
}
