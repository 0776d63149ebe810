package org.traumaflow.storage;

/**
 * Locations as users give them: a folder path or URI, with or without its trailing slash, made one
 * form here so that {@code location + "/" + name} names one file whichever was given.
 */
public final class Locations {
  private Locations() {}

  /** {@code location} without a trailing slash, so that {@code location + "/" + name} names one file. */
  public static String trimmed(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
