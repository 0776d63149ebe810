package org.traumaflow.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code traumaflow} commands shown in a Markdown file's fenced code blocks, as the arguments
 * a shell would pass: {@code \}-continued lines joined, {@code # comments} and environment
 * assignments dropped, and synopsis notation resolved ({@code [Beam options]} removed, optional
 * {@code [--flag VALUE]} kept without brackets, so optional options are checked too).
 */
final class DocumentedCommands {
  private DocumentedCommands() {}

  /** One command: where it is shown and its text after the launcher name. */
  record Command(Path file, int line, String text) {
    String[] arguments() {
      List<String> words = new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
      words.remove(0);
      return words.toArray(String[]::new);
    }

    @Override
    public String toString() {
      return file + ":" + line + ": " + text;
    }
  }

  static List<Command> in(Path file, String markdown) {
    List<Command> commands = new ArrayList<>();
    boolean fenced = false;
    StringBuilder logical = new StringBuilder();
    int start = 0;
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (!fenced) {
        continue;
      }
      if (logical.length() == 0) {
        start = i + 1;
      }
      String stripped = withoutComment(line).stripTrailing();
      if (stripped.endsWith("\\")) {
        logical.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      logical.append(stripped);
      String command = resolveSynopsis(withoutEnvironment(logical.toString().strip()));
      if (command.startsWith("traumaflow ") || command.startsWith("./traumaflow ")) {
        commands.add(new Command(file, start, command));
      }
      logical.setLength(0);
    }
    return commands;
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf(" #");
    return hash >= 0 ? line.substring(0, hash) : line;
  }

  /** {@code TRAUMAFLOW_JAVA_OPTS=-Xmx16g ./traumaflow ...} runs the same command line. */
  private static String withoutEnvironment(String command) {
    return command.replaceFirst("^([A-Z_][A-Z0-9_]*=\\S*\\s+)+", "");
  }

  private static String resolveSynopsis(String command) {
    return command.replace("[Beam options]", "").replaceAll("\\[(--[^\\]\\[]*)\\]", "$1").strip();
  }
}
