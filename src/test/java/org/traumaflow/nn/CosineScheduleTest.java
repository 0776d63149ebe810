package org.traumaflow.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

  @Test
  void theRateClimbsLinearlyThroughTheWarmUpThenFallsAlongACosineToZero() {
    CosineSchedule schedule = CosineSchedule.of(1e-3f, 4, 24);
    assertEquals(0.25e-3f, schedule.getNewValue(1), 1e-9);
    assertEquals(0.5e-3f, schedule.getNewValue(2), 1e-9);
    assertEquals(1e-3f, schedule.getNewValue(4), 1e-9);
    assertEquals(0.5e-3f, schedule.getNewValue(14), 1e-9, "half way through the decay");
    assertEquals(0f, schedule.getNewValue(24));
    assertEquals(0f, schedule.getNewValue(30), "past the end");
    for (int step = 5; step < 24; step++) {
      assertTrue(schedule.getNewValue(step + 1) < schedule.getNewValue(step), "step " + step);
    }
  }

  @Test
  void withoutWarmUpTheFirstUpdateIsNearlyThePeak() {
    CosineSchedule schedule = CosineSchedule.of(5e-4f, 0, 100);
    assertEquals(5e-4 * 0.5 * (1 + Math.cos(Math.PI / 100)), schedule.getNewValue(1), 1e-10);
  }

  @Test
  void aResumedScheduleGoesOnWhereTheInterruptedOneStopped() {
    CosineSchedule schedule = CosineSchedule.of(1e-3f, 3, 30);
    CosineSchedule resumed = schedule.resumedAfter(12);
    for (int update = 1; update <= 18; update++) {
      assertEquals(schedule.getNewValue(12 + update), resumed.getNewValue(update));
    }
  }

  @Test
  void impossibleSchedulesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(0f, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1e-3f, 11, 10));
    assertThrows(IllegalArgumentException.class, () -> CosineSchedule.of(1e-3f, 0, 0));
  }
}
