package org.traumaflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A child process's resident set over its life, read from {@code /proc/PID/status} (VmRSS, and
 * VmHWM for the peak): native memory such as libtorch's tensors included, which the Java heap
 * figures leave out.
 */
final class ProcessMemory {
  /** One reading: seconds since the start, the resident set and its peak so far, and a progress count. */
  record Sample(double seconds, long residentBytes, long peakBytes, int done) {}

  /** How the process ended and what it used. */
  record Outcome(int exitCode, double seconds, long peakBytes, List<Sample> samples) {}

  private ProcessMemory() {}

  /** Waits for {@code process}, reading its memory and {@code progress} every {@code everyMillis}. */
  static Outcome watch(Process process, long everyMillis, IntSupplier progress) throws InterruptedException {
    long started = System.nanoTime();
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    List<Sample> samples = new ArrayList<>();
    long peak = 0;
    while (process.isAlive()) {
      long[] memory = read(status);
      if (memory != null) {
        peak = Math.max(peak, memory[1]);
        samples.add(new Sample((System.nanoTime() - started) / 1e9, memory[0], memory[1], progress.getAsInt()));
      }
      process.waitFor(everyMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return new Outcome(process.exitValue(), (System.nanoTime() - started) / 1e9, peak, samples);
  }

  /** VmRSS and VmHWM in bytes, or null once the process is gone. */
  private static long[] read(Path status) {
    long rss = -1;
    long hwm = -1;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss = kilobytes(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          hwm = kilobytes(line) * 1024;
        }
      }
    } catch (IOException gone) {
      return null;
    }
    return rss < 0 || hwm < 0 ? null : new long[] {rss, hwm};
  }

  private static long kilobytes(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
  }
}
