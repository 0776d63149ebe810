package org.traumaflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The benchmark process's peak resident set (Linux {@code VmHWM}): native tensors live outside
 * the Java heap, so only the operating system's figure covers libtorch's memory.
 */
public final class PeakMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private PeakMemory() {}

  /**
   * Starts a new peak at the current resident set (Linux 4.0 and later), so one process can
   * measure several configurations in turn; returns false where the system does not allow it,
   * and the peak then covers the whole process.
   */
  public static boolean reset() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /** Peak resident set in bytes, or empty where {@code /proc} does not say it. */
  public static OptionalLong residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }
}
