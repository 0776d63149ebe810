package org.traumaflow.seg;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Runs libtorch with one intra-op thread while a test class runs and restores the previous
 * count after. On a 2-core machine whose other core is busy, two intra-op threads made a tiny
 * training step about 20x slower (measured: 4.3 s against 0.18 s), and one thread keeps
 * results bit-for-bit repeatable.
 */
final class SingleThreadedTorch {
  private final int previous;

  private SingleThreadedTorch(int previous) {
    this.previous = previous;
  }

  static SingleThreadedTorch enable() {
    Engine.getEngine("PyTorch");
    int previous = JniUtils.getNumThreads();
    JniUtils.setNumThreads(1);
    return new SingleThreadedTorch(previous);
  }

  void restore() {
    JniUtils.setNumThreads(previous);
  }
}
