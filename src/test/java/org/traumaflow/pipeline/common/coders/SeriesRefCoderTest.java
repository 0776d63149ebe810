package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;
import org.traumaflow.pipeline.common.SeriesRef;

/** A series reference is a grouping key: it must decode to itself and encode equal references alike. */
class SeriesRefCoderTest {
  @Test
  void aReferenceRoundTripsDeterministicallyInTheSameBytesAsBefore() throws Exception {
    SeriesRef ref = CodedElements.seriesRef();
    CoderProperties.coderDecodeEncodeEqual(SeriesRefCoder.of(), ref);
    CoderProperties.coderDeterministic(SeriesRefCoder.of(), ref, new SeriesRef(ref.split(), ref.patientId(), ref.seriesId(), List.copyOf(ref.files()), ref.inputSha256()));
    CoderProperties.coderSerializable(SeriesRefCoder.of());
    assertEquals("dcd0d725421b24d0cb7c32c938f0cfb84ecb6cb2487eaf19436c75d1b2979c39", CodedElements.encodedSha256(SeriesRefCoder.of(), ref));
  }

  @Test
  void aSeriesWithoutFilesRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(SeriesRefCoder.of(), new SeriesRef("train", "1", "2", List.of(), ""));
  }
}
