package org.traumaflow.dicomweb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * A user name and password for HTTP basic authentication, taken from a file or from the
 * environment, never from the command line: a command line shows in process lists, shell
 * histories and Beam's pipeline options. Nothing here prints the password.
 *
 * @param user the user name
 * @param origin where they came from, for messages ("file /run/secrets/pacs", the variables' names)
 * @param authorization the {@code Authorization} header's value
 */
public record DicomwebCredentials(String user, String origin, String authorization) {
  public static final String USER_VARIABLE = "TRAUMAFLOW_DICOMWEB_USER";
  public static final String PASSWORD_VARIABLE = "TRAUMAFLOW_DICOMWEB_PASSWORD";

  /**
   * The credentials of {@code file} (one line {@code user:password}) when given, else those of
   * {@link #USER_VARIABLE} and {@link #PASSWORD_VARIABLE} in {@code environment}; none when
   * neither is set.
   *
   * @throws DicomwebException naming the file or variable that is unreadable or incomplete
   */
  public static Optional<DicomwebCredentials> resolve(String file, Map<String, String> environment) throws DicomwebException {
    if (file != null && !file.isBlank()) {
      String line;
      try {
        line = Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
      } catch (IOException unreadable) {
        throw new DicomwebException(file, "cannot read the credentials file: " + unreadable.getClass().getSimpleName());
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || colon == line.length() - 1) {
        throw new DicomwebException(file, "the credentials file's first line must be user:password");
      }
      return Optional.of(basic(line.substring(0, colon), line.substring(colon + 1), "file " + file));
    }
    String user = environment.get(USER_VARIABLE);
    String password = environment.get(PASSWORD_VARIABLE);
    if (user == null && password == null) {
      return Optional.empty();
    }
    if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
      throw new DicomwebException("environment", USER_VARIABLE + " and " + PASSWORD_VARIABLE + " must both be set, or neither");
    }
    return Optional.of(basic(user, password, "environment variables " + USER_VARIABLE + "/" + PASSWORD_VARIABLE));
  }

  private static DicomwebCredentials basic(String user, String password, String origin) {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new DicomwebCredentials(user, origin, "Basic " + token);
  }

  /** Without the authorization header, so a record printed by accident shows no secret. */
  @Override
  public String toString() {
    return "DicomwebCredentials[user=" + user + ", origin=" + origin + "]";
  }
}
