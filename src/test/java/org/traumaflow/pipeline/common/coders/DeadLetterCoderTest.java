package org.traumaflow.pipeline.common.coders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;
import org.traumaflow.pipeline.common.DeadLetter;

/** Dead letters carry reasons of any length and any script, and a corrupt one fails as a coder error. */
class DeadLetterCoderTest {
  @Test
  void aLetterRoundTripsInTheSameBytesAsBefore() throws Exception {
    DeadLetter letter = CodedElements.deadLetter();
    CoderProperties.coderDecodeEncodeEqual(DeadLetterCoder.of(), letter);
    CoderProperties.coderDeterministic(DeadLetterCoder.of(), letter, new DeadLetter(letter.stage(), letter.item(), letter.location(),
        letter.errorType(), letter.reason(), letter.fatal()));
    CoderProperties.coderSerializable(DeadLetterCoder.of());
    assertEquals("1796fedc29bc17141bd98d04cb9b93553241670facddb2a2fd4b677d4438190e", CodedElements.encodedSha256(DeadLetterCoder.of(), letter));
  }

  @Test
  void aReasonLongerThan64KilobytesRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(DeadLetterCoder.of(), new DeadLetter("score", "1/2", "", "OutOfMemoryError", "x".repeat(70_000), false));
  }

  @Test
  void aNegativeLengthIsACorruptElement() {
    byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xfe};
    CoderException error = assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(DeadLetterCoder.of(), negative));
    assertEquals("negative length -2: corrupt encoded element", error.getMessage());
  }
}
