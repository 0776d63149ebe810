package org.traumaflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plan's advice must be a setting {@code accumulate_batches} accepts: micro-batches of one size that fit. */
class MicroBatchPlanTest {

  @Test
  void theMicroBatchIsTheLargestDivisorOfTheBatchThatFits() {
    assertPlan(4, 3, 2, 2, "a batch of 4 cannot be cut into parts of 3");
    assertPlan(6, 4, 3, 2, "parts of 3, not 4");
    assertPlan(7, 6, 1, 7, "a prime batch only splits into single windows");
    assertPlan(4, 0, 0, 0, "nothing fits");
  }

  @Test
  void itSaysWhetherTheSpecsOwnAccumulationFits() {
    assertFalse(row(8, 3, 2).specFits(), "micro-batches of 4 where 3 fit");
    assertTrue(row(8, 3, 4).specFits(), "micro-batches of 2 where 3 fit");
  }

  private static void assertPlan(int batchSize, int fitting, int microBatch, int accumulate, String why) {
    MicroBatchPlan.Row plan = row(batchSize, fitting, 1);
    assertEquals(microBatch, plan.microBatch(), why);
    assertEquals(accumulate, plan.accumulate(), why);
  }

  private static MicroBatchPlan.Row row(int batchSize, int fitting, int specAccumulate) {
    return new MicroBatchPlan.Row("m", 1, 384, 1_000_000, 1L << 30, batchSize, fitting, specAccumulate);
  }
}
