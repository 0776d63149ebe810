package org.traumaflow.pipeline.common;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Every pipeline's dead-letter output: one JSON object per line ({@link DeadLetter#asJson()}),
 * sorted, written atomically, so a user finds each failed item with its stage and reason.
 */
public final class DeadLetterFile extends PTransform<PCollection<DeadLetter>, PCollection<String>> {
  private final String file;

  private DeadLetterFile(String file) {
    this.file = file;
  }

  public static DeadLetterFile to(String file) {
    return new DeadLetterFile(file);
  }

  /** @return the written file's name, once it is in place */
  @Override
  public PCollection<String> expand(PCollection<DeadLetter> letters) {
    return letters
        .apply("Dead letters as JSON", MapElements.into(TypeDescriptors.strings()).via((DeadLetter letter) -> JsonText.of(letter.asJson())))
        .apply("Write dead letters", SortedJsonLines.to(file));
  }
}
