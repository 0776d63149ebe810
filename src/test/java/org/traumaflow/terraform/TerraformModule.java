package org.traumaflow.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Terraform module (a folder of .tf files) as parsed by an HCL parser, with every input
 * variable evaluated to its own name: {@code "gs://${var.bucket}/x"} reads {@code "gs://var.bucket/x"},
 * and references to resources and modules stay as their text ({@code "module.storage.data_bucket"}),
 * so a test can see what refers to what.
 */
final class TerraformModule {
  private static final Pattern VARIABLE = Pattern.compile("(?m)^variable\\s+\"([^\"]+)\"");

  private final Path dir;
  private final Map<String, Object> config;

  private TerraformModule(Path dir, Map<String, Object> config) {
    this.dir = dir;
    this.config = config;
  }

  static TerraformModule read(Path dir) {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        text.append(Files.readString(file)).append('\n');
      }
      HCLParser parser = new HCLParser();
      Matcher variables = VARIABLE.matcher(text);
      while (variables.find()) {
        parser.setVariable(variables.group(1), "var." + variables.group(1));
      }
      return new TerraformModule(dir, parser.parse(text.toString()));
    } catch (Exception e) {
      throw new AssertionError(dir + ": not valid HCL: " + e.getMessage(), e);
    }
  }

  /** Parses one file alone, as a syntax check. */
  static Map<String, Object> parseFile(Path file) {
    try {
      return new HCLParser().parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(file + ": not valid HCL: " + e.getMessage(), e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Blocks of one kind, by name: {@code blocks("variable")}, {@code blocks("module")}, {@code blocks("output")}. */
  Map<String, Map<String, Object>> blocks(String kind) {
    return map(config.getOrDefault(kind, Map.of()));
  }

  /** Resources of one type, by name. */
  Map<String, Map<String, Object>> resources(String type) {
    return map(map(config.getOrDefault("resource", Map.of())).getOrDefault(type, Map.of()));
  }

  Map<String, Object> resource(String type, String name) {
    Map<String, Object> resource = resources(type).get(name);
    if (resource == null) {
      throw new AssertionError(dir + ": no resource " + type + "." + name);
    }
    return resource;
  }

  @SuppressWarnings("unchecked")
  static <V> Map<String, V> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("expected a block, got " + value);
    }
    return new LinkedHashMap<>((Map<String, V>) value);
  }

  /** Every string anywhere under {@code value} (attributes, nested blocks, lists). */
  static Stream<String> strings(Object value) {
    if (value instanceof Map<?, ?> m) {
      return m.values().stream().flatMap(TerraformModule::strings);
    }
    if (value instanceof List<?> l) {
      return l.stream().flatMap(TerraformModule::strings);
    }
    return value == null ? Stream.empty() : Stream.of(String.valueOf(value));
  }
}
