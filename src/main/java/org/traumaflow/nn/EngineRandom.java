package org.traumaflow.nn;

import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;

/**
 * libtorch's random generator, of which a process has one: a network's initial weights and
 * dropout's masks are drawn from it. Draws repeat for a seed only if no other thread reseeds the
 * generator or draws from it meanwhile, and in one JVM others may: a pipeline's worker loading a
 * network (which seeds, then initialises, before its parameters are loaded) or another training.
 * So every seeded use holds the generator from its reseeding to its last draw.
 */
public final class EngineRandom {
  private static final ReentrantLock HELD = new ReentrantLock();

  private EngineRandom() {}

  /** What runs with the generator held. */
  @FunctionalInterface
  public interface Draws<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code draws} with the generator reseeded with {@code seed} and held by this thread alone. */
  public static <T, E extends Exception> T seeded(long seed, Draws<T, E> draws) throws E {
    HELD.lock();
    try {
      Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
      return draws.run();
    } finally {
      HELD.unlock();
    }
  }
}
