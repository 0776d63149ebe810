package org.traumaflow.pipeline.score;

/** Locations as the options give them, a folder path or URI with or without its trailing slash. */
final class Locations {
  private Locations() {}

  /** {@code location} without a trailing slash, so that {@code location + "/" + name} names one file. */
  static String trimmed(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
