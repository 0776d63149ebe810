package org.traumaflow.storage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Local file names as text without losing a byte. Linux names are bytes, and Java decodes them
 * with the platform's name encoding ({@code sun.jnu.encoding}: ASCII when no locale is set): a
 * Latin-1 {@code s\xe4rie}, or any non-ASCII name under ASCII, comes back as text that names no
 * file. A path that does not survive as text travels as its {@code file:} URI, which keeps every
 * byte as a percent escape.
 */
public final class LocalName {
  private LocalName() {}

  /** {@code path} as text that {@link #path} turns back into the same file: the path itself, or its {@code file:} URI. */
  public static String of(Path path) {
    String text = path.toString();
    try {
      if (Path.of(text).equals(path)) {
        return text;
      }
    } catch (InvalidPathException unmappable) {
      // Falls through to the URI, which needs no decoding.
    }
    return path.toUri().toString();
  }

  /** The file {@link #of} named. */
  public static Path path(String name) {
    return name.startsWith("file:") ? Path.of(URI.create(name)) : Path.of(name);
  }

  /**
   * The last part of {@code path} as an id: its bytes as UTF-8 when they are UTF-8, else with every
   * non-ASCII byte written {@code %XX} (a Latin-1 {@code s\xe4rie} is {@code s%E4rie}).
   */
  public static String id(Path path) {
    String raw = path.toUri().getRawPath();
    if (raw.endsWith("/")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    byte[] bytes = percentDecoded(raw.substring(raw.lastIndexOf('/') + 1));
    String utf8 = new String(bytes, StandardCharsets.UTF_8);
    if (Arrays.equals(utf8.getBytes(StandardCharsets.UTF_8), bytes)) {
      return utf8;
    }
    StringBuilder escaped = new StringBuilder();
    for (byte b : bytes) {
      if (b >= 0) {
        escaped.append((char) b);
      } else {
        escaped.append(String.format("%%%02X", b & 0xFF));
      }
    }
    return escaped.toString();
  }

  private static byte[] percentDecoded(String raw) {
    byte[] out = new byte[raw.length()];
    int n = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out[n++] = (byte) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
