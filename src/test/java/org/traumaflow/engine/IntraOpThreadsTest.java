package org.traumaflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The rule for libtorch's intra-op threads per worker: cores / workers unless the operator says otherwise. */
class IntraOpThreadsTest {

  @Test
  void eachWorkerGetsItsShareOfTheCoresAndNeverNone() {
    assertEquals(2, IntraOpThreads.perWorker(2, 1));
    assertEquals(1, IntraOpThreads.perWorker(2, 2));
    assertEquals(4, IntraOpThreads.perWorker(16, 4));
    assertEquals(1, IntraOpThreads.perWorker(2, 3), "more workers than cores still run");
    assertThrows(IllegalArgumentException.class, () -> IntraOpThreads.perWorker(2, 0));
  }

  @Test
  void anOperatorsCountInThePropertyOrTheEnvironmentWins() {
    Properties none = new Properties();
    Properties property = new Properties();
    property.setProperty("ai.djl.pytorch.num_threads", "3");

    assertFalse(IntraOpThreads.setByOperator(none, Map.of()));
    assertTrue(IntraOpThreads.setByOperator(property, Map.of()));
    assertTrue(IntraOpThreads.setByOperator(none, Map.of("OMP_NUM_THREADS", "3")));
  }

  @Test
  void theTestJvmsOwnCountIsLeftAlone() {
    // The build starts test JVMs with -Dai.djl.pytorch.num_threads=1: an operator's setting.
    assertEquals("1", System.getProperty(IntraOpThreads.PROPERTY));

    assertEquals(1, IntraOpThreads.shareAmong(1));
    assertEquals(1, JniUtils.getNumThreads());
  }
}
