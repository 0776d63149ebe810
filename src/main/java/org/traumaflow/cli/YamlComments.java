package org.traumaflow.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comments and values of a block-style YAML spec, by key path ({@code sequences.size},
 * {@code models[].encoder}): the comment lines directly above a key plus its trailing
 * {@code # comment}, and the value written on the key's line (empty for a section). The first occurrence of a path wins, so the first list item documents the
 * list. A YAML parser drops comments, hence this small line reader for our own specs.
 */
final class YamlComments {
  private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*):(.*)");

  private YamlComments() {}

  /** What the commented spec says about one key. */
  record Entry(String comment, String value) {}

  /** A key on the path to the current line, and whether its children are list items. */
  private static final class Parent {
    final int indent;
    final String key;
    boolean list;

    Parent(int indent, String key) {
      this.indent = indent;
      this.key = key;
    }
  }

  static Map<String, Entry> of(String yaml) {
    Map<String, Entry> comments = new LinkedHashMap<>();
    Deque<Parent> parents = new ArrayDeque<>();
    StringBuilder above = new StringBuilder();
    for (String line : yaml.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.isEmpty()) {
        above.setLength(0);
        continue;
      }
      if (trimmed.startsWith("#")) {
        append(above, trimmed.substring(1).strip());
        continue;
      }
      int indent = line.length() - line.stripLeading().length();
      boolean item = trimmed.startsWith("- ");
      String entry = item ? trimmed.substring(2).strip() : trimmed;
      if (item) {
        indent += 2;
      }
      while (!parents.isEmpty() && parents.peek().indent >= indent) {
        parents.pop();
      }
      if (item && !parents.isEmpty()) {
        parents.peek().list = true;
      }
      Matcher key = KEY.matcher(entry);
      if (key.matches()) {
        String path = path(parents) + key.group(1);
        StringBuilder comment = new StringBuilder(above);
        String rest = key.group(2);
        int hash = rest.indexOf(" #");
        if (hash >= 0) {
          append(comment, rest.substring(hash + 2).strip());
        }
        comments.putIfAbsent(path, new Entry(comment.toString(), (hash >= 0 ? rest.substring(0, hash) : rest).strip()));
        parents.push(new Parent(indent, key.group(1)));
      }
      above.setLength(0);
    }
    return comments;
  }

  private static String path(Deque<Parent> parents) {
    StringBuilder path = new StringBuilder();
    parents.descendingIterator().forEachRemaining(parent -> path.append(parent.key).append(parent.list ? "[]." : "."));
    return path.toString();
  }

  private static void append(StringBuilder text, String more) {
    if (!more.isEmpty()) {
      text.append(text.length() == 0 ? "" : " ").append(more);
    }
  }
}
