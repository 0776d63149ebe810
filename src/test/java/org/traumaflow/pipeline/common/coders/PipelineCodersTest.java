package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.sequence.SequenceSample;

/** Every pipeline's registry knows the elements' coders, so no step has to name one. */
class PipelineCodersTest {
  @Test
  void aNewRegistryInfersEachElementsOwnCoder() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertEquals(SeriesRefCoder.of(), registry.getCoder(SeriesRef.class));
    assertEquals(DeadLetterCoder.of(), registry.getCoder(DeadLetter.class));
    assertEquals(PreparedSeriesCoder.of(), registry.getCoder(PreparedSeries.class));
    assertEquals(SegmentedSeriesCoder.of(), registry.getCoder(SegmentedSeries.class));
    assertEquals(SequenceSampleCoder.of(), registry.getCoder(SequenceSample.class));
    assertEquals(KvCoder.of(SeriesRefCoder.of(), SegmentedSeriesCoder.of()),
        registry.getCoder(TypeDescriptors.kvs(TypeDescriptor.of(SeriesRef.class), TypeDescriptor.of(SegmentedSeries.class))));
  }
}
