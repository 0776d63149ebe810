package org.traumaflow.storage;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A file name made from an identifier that came from outside (a folder name, a DICOM tag, a
 * spec): patient and series ids name output files, and a PatientID of {@code ../../x} must not
 * write outside the output location. Characters other than letters, digits, '.', '_' and '-'
 * become '_', and a short hash of the original keeps two ids that differ only there apart.
 */
public final class SafeName {
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final int MAX_LENGTH = 100;

  private SafeName() {}

  /** {@code id} itself when it is already a safe, ordinary name (the competition's numeric ids are). */
  public static String of(String id) {
    String safe = UNSAFE.matcher(id).replaceAll("_");
    boolean ordinary = !safe.isEmpty() && !safe.startsWith(".") && safe.length() <= MAX_LENGTH;
    if (safe.equals(id) && ordinary) {
      return id;
    }
    String hash = Sha256.hex(id.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    String kept = safe.replaceFirst("^\\.+", "");
    return (kept.isEmpty() ? "" : kept.substring(0, Math.min(kept.length(), 80)) + "-") + hash;
  }
}
