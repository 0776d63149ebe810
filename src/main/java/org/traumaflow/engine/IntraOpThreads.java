package org.traumaflow.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.Properties;

/**
 * libtorch's intra-op threads in a worker JVM: the cores this process may use divided by the
 * workers in it that run networks (Flink's task slots, the parallelism of an embedded run), so
 * that two workers on two cores do not each start two threads and fight over them. An operator's
 * own number ({@value #PROPERTY} or {@value #ENVIRONMENT}) is left alone.
 *
 * <p>libtorch reads the count into each thread at that thread's first parallel operation, so it
 * is set when a worker loads its networks, before the first forward pass.
 */
public final class IntraOpThreads {
  /** DJL's system property for the count, applied when the engine loads. */
  public static final String PROPERTY = "ai.djl.pytorch.num_threads";
  /** OpenMP's variable, which libtorch honours when it starts. */
  public static final String ENVIRONMENT = "OMP_NUM_THREADS";

  private IntraOpThreads() {}

  /** The threads each of {@code workers} workers gets from {@code cores} cores: at least one. */
  public static int perWorker(int cores, int workers) {
    if (cores < 1 || workers < 1) {
      throw new IllegalArgumentException("cores and workers must be at least 1, got " + cores + " and " + workers);
    }
    return Math.max(1, cores / workers);
  }

  /** Whether the operator chose the count, in the JVM's properties or the process environment. */
  public static boolean setByOperator(Properties properties, Map<String, String> environment) {
    return properties.getProperty(PROPERTY) != null || environment.get(ENVIRONMENT) != null;
  }

  /**
   * Gives each of {@code workers} workers in this JVM its share of the cores, unless the operator
   * set the count.
   *
   * @return the intra-op threads now in force
   */
  public static synchronized int shareAmong(int workers) {
    Engine.getEngine("PyTorch");
    if (setByOperator(System.getProperties(), System.getenv())) {
      return JniUtils.getNumThreads();
    }
    int threads = perWorker(Runtime.getRuntime().availableProcessors(), workers);
    if (JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
    return threads;
  }
}
