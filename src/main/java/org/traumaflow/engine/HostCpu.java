package org.traumaflow.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor this JVM runs on, as Linux describes it: what a figure, an error or {@code
 * traumaflow doctor} names, and what decides which oneDNN kernels can be trusted.
 *
 * @param model {@code model name} of /proc/cpuinfo ("AMD EPYC", "Intel(R) Xeon(R) ...")
 * @param vendor {@code vendor_id}: AuthenticAMD, GenuineIntel
 * @param family {@code cpu family}, in decimal as Linux prints it
 * @param modelNumber {@code model}
 * @param flags the instruction-set flags Linux lists
 * @param reportsCaches whether the kernel found the CPU's cache sizes (CPUID leaf 4 or 0x8000001D):
 *     some hypervisors zero those leaves
 * @param logicalCores processors the JVM may use
 */
public record HostCpu(String model, String vendor, int family, int modelNumber, Set<String> flags, boolean reportsCaches, int logicalCores) {
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static final Path FIRST_CPU_CACHES = Path.of("/sys/devices/system/cpu/cpu0/cache/index0");

  public HostCpu {
    flags = Set.copyOf(flags);
  }

  /** This machine's processor; "unknown" fields where /proc/cpuinfo is absent (not Linux). */
  public static HostCpu current() {
    List<String> lines;
    try {
      lines = Files.readAllLines(CPUINFO);
    } catch (IOException | SecurityException unreadable) {
      lines = List.of();
    }
    return parse(lines, Files.isDirectory(FIRST_CPU_CACHES), Runtime.getRuntime().availableProcessors());
  }

  /** The first processor's entry of a /proc/cpuinfo listing. */
  static HostCpu parse(List<String> cpuinfo, boolean reportsCaches, int logicalCores) {
    Set<String> flags = new TreeSet<>(List.of(field(cpuinfo, "flags").orElse("").split("\\s+")));
    flags.remove("");
    return new HostCpu(
        field(cpuinfo, "model name").orElse("unknown CPU"),
        field(cpuinfo, "vendor_id").orElse("unknown vendor"),
        field(cpuinfo, "cpu family").map(Integer::parseInt).orElse(-1),
        field(cpuinfo, "model").map(Integer::parseInt).orElse(-1),
        flags,
        reportsCaches,
        logicalCores);
  }

  private static Optional<String> field(List<String> cpuinfo, String name) {
    for (String line : cpuinfo) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return Optional.of(line.substring(colon + 1).trim());
      }
    }
    return Optional.empty();
  }

  /** "AMD EPYC (AuthenticAMD family 26 model 2)": the words a figure or an error names the CPU by. */
  public String describe() {
    return model + " (" + vendor + " family " + family + " model " + modelNumber + ")";
  }
}
