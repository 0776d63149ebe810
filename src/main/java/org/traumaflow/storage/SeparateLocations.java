package org.traumaflow.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's input and its output must be two places, neither inside the other: an output inside
 * the input is read back as input by the next night's run, an input inside the output is
 * overwritten or removed by it, and an empty location means the working directory (or, for
 * Beam's temporary files, the file system's root). Local folders are compared as they really
 * are, through links; {@code gs://} locations by their prefixes.
 */
public final class SeparateLocations {
  private SeparateLocations() {}

  /**
   * Refuses an empty location and two that overlap.
   *
   * @param inputOption the option that names the input, for the message, e.g. {@code --input}
   * @throws IllegalArgumentException naming both locations and what is wrong
   */
  public static void require(String inputOption, String input, String outputOption, String output) {
    requireNamed(inputOption, input);
    requireNamed(outputOption, output);
    boolean inputRemote = input.contains("://");
    boolean outputRemote = output.contains("://");
    if (inputRemote != outputRemote) {
      return;
    }
    String in = inputRemote ? withSlash(input) : withSlash(real(Path.of(input)).toString());
    String out = outputRemote ? withSlash(output) : withSlash(real(Path.of(output)).toString());
    if (out.startsWith(in)) {
      throw new IllegalArgumentException(outputOption + " " + output + " is " + (out.equals(in) ? "" : "inside ") + inputOption + " " + input
          + ": the run would read its own outputs as input; write them elsewhere");
    }
    if (in.startsWith(out)) {
      throw new IllegalArgumentException(inputOption + " " + input + " is inside " + outputOption + " " + output
          + ": the run would write over its own input; write the outputs elsewhere");
    }
  }

  private static void requireNamed(String option, String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(option + " is empty: name a folder or gs:// prefix");
    }
  }

  /** The path with links resolved as far as it exists, the rest as written. */
  private static Path real(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException unresolvable) {
      return absolute;
    }
  }

  private static String withSlash(String location) {
    return location.endsWith("/") ? location : location + "/";
  }
}
