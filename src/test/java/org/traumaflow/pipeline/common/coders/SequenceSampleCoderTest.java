package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;

/** A stage-2 window: identity, images, targets and masks back unchanged, in the bytes written before. */
class SequenceSampleCoderTest {
  @Test
  void aWindowRoundTripsInTheSameBytesAsBefore() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(SequenceSampleCoder.of(), CodedElements.sequenceSample());
    CoderProperties.coderSerializable(SequenceSampleCoder.of());
    assertEquals("2cec5ece622dd9f3fc9f768b2434aa180c8b0b97d9446d3349eef4ad101ab1c0",
        CodedElements.encodedSha256(SequenceSampleCoder.of(), CodedElements.sequenceSample()));
  }
}
