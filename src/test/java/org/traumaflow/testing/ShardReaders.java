package org.traumaflow.testing;

/** The background threads that read dataset shards ({@code ShardReadAhead} names them), for tests that they end. */
public final class ShardReaders {
  private ShardReaders() {}

  /** How many are alive now. */
  public static long alive() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith("shard-reader-")).count();
  }
}
