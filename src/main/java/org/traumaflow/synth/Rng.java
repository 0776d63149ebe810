package org.traumaflow.synth;

/**
 * A small seeded random source (SplitMix64). The generator uses it instead of
 * {@code java.util.Random} so every draw is an explicit, documented function of the seed that
 * no JDK version can change, and uses StrictMath where a draw needs a transcendental function, so
 * the same seed gives the same dataset on every machine.
 */
final class Rng {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** A seed for an independent stream, from a parent seed and a path of labels (e.g. patient index). */
  static long derive(long seed, long... path) {
    long s = mix(seed ^ 0x5DEECE66DL);
    for (long part : path) {
      s = mix(s + GOLDEN_GAMMA * (part + 1));
    }
    return s;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [low, high). */
  double uniform(double low, double high) {
    return low + (high - low) * nextDouble();
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive");
    }
    return (int) ((nextLong() >>> 1) % bound);
  }

  /** Uniform integer in [low, high]. */
  int between(int low, int high) {
    return low + nextInt(high - low + 1);
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  /** Standard normal (Box-Muller). */
  double gaussian() {
    double u = 1.0 - nextDouble(); // (0, 1]
    double v = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * StrictMath.PI * v);
  }

  /** Normal with the given mean and standard deviation, clamped to [low, high]. */
  double normal(double mean, double sd, double low, double high) {
    return Math.max(low, Math.min(high, mean + sd * gaussian()));
  }

  /** An index drawn with probability proportional to {@code weights[i]}. */
  int weighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double target = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }
}
