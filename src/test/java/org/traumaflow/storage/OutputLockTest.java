package org.traumaflow.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLockTest {
  @TempDir Path dir;

  @Test
  void aSecondRunIsRefusedWithTheOwnerAndTheLocationIsFreeAgainAfterwards() throws IOException {
    ObjectStore out = ObjectStore.at(dir.resolve("out").toString());
    try (OutputLock first = OutputLock.acquire(out, "score", OutputLock.DEFAULT_RECLAIM_AGE)) {
      OutputLock.LockedException refused = assertThrows(OutputLock.LockedException.class,
          () -> OutputLock.acquire(out, "train", OutputLock.DEFAULT_RECLAIM_AGE));
      assertTrue(refused.getMessage().contains("is being written by 'score' (pid " + ProcessHandle.current().pid()), refused.getMessage());
      assertTrue(refused.getMessage().contains(out.uri(OutputLock.KEY)), "says which file to remove: " + refused.getMessage());
    }
    assertFalse(out.exists(OutputLock.KEY), "released");
    try (OutputLock again = OutputLock.acquire(out, "train", OutputLock.DEFAULT_RECLAIM_AGE)) {
      assertTrue(out.exists(OutputLock.KEY));
    }
  }

  @Test
  void aLockLeftByAKilledProcessOnThisHostIsReclaimed() throws Exception {
    ObjectStore out = ObjectStore.at(dir.resolve("killed").toString());
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    out.write(OutputLock.KEY, lock(InetAddress.getLocalHost().getHostName(), gone.pid(), Instant.now()));
    try (OutputLock reclaimed = OutputLock.acquire(out, "score", OutputLock.DEFAULT_RECLAIM_AGE)) {
      assertTrue(new String(out.read(OutputLock.KEY), StandardCharsets.UTF_8).contains("\"pid\":" + ProcessHandle.current().pid()));
    }
  }

  @Test
  void aLockFromAnotherHostHoldsUntilTheReclaimAge() throws IOException {
    ObjectStore out = ObjectStore.at(dir.resolve("remote").toString());
    out.write(OutputLock.KEY, lock("worker-7.example", 42, Instant.now().minus(Duration.ofHours(2))));
    assertThrows(OutputLock.LockedException.class, () -> OutputLock.acquire(out, "score", Duration.ofHours(3)));
    try (OutputLock reclaimed = OutputLock.acquire(out, "score", Duration.ofHours(1))) {
      assertTrue(out.exists(OutputLock.KEY));
    }
  }

  private static byte[] lock(String host, long pid, Instant started) {
    return ("{\"command\":\"score\",\"host\":\"" + host + "\",\"pid\":" + pid + ",\"started\":\"" + started + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
