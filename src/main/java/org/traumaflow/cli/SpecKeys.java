package org.traumaflow.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.traumaflow.spec.SpecFile;

/**
 * The keys of one YAML spec as a Markdown table. Key names, types and whether they are required
 * come from the spec's record class (what {@code SpecFile} reads strictly), so a renamed or new
 * key changes the reference; the examples and descriptions are the values and comments of the
 * commented spec shipped in {@code pipelines/}, the text users already read when they edit a spec.
 */
final class SpecKeys {
  private static final YamlComments.Entry UNDOCUMENTED = new YamlComments.Entry("", "");

  private SpecKeys() {}

  /** One key: its dotted path ({@code []} marks a list item), type, requiredness and what the commented spec says. */
  record Key(String path, String type, boolean required, YamlComments.Entry documented) {}

  static String table(Class<? extends Record> spec, String pipelinesFile) {
    Map<String, YamlComments.Entry> comments = YamlComments.of(new String(SpecFile.builtIn("/pipelines/" + pipelinesFile).text(), StandardCharsets.UTF_8));
    List<Key> keys = new ArrayList<>();
    collect(spec, "", comments, keys);
    StringBuilder table = new StringBuilder("| key | type | required | example | description |\n|---|---|---|---|---|\n");
    for (Key key : keys) {
      table.append("| `").append(key.path()).append("` | ").append(key.type()).append(" | ").append(key.required() ? "yes" : "no")
          .append(" | ").append(key.documented().value().isEmpty() ? "" : "`" + CliReference.cell(key.documented().value()) + "`")
          .append(" | ").append(CliReference.cell(key.documented().comment())).append(" |\n");
    }
    return table.toString();
  }

  private static void collect(Class<?> record, String prefix, Map<String, YamlComments.Entry> comments, List<Key> keys) {
    for (RecordComponent component : record.getRecordComponents()) {
      // Jackson's annotation does not target record components; javac copies it onto the accessor.
      JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
      if (property == null) {
        continue;
      }
      String path = prefix + property.value();
      Type type = component.getGenericType();
      Class<?> element = listElement(type);
      boolean nested = (element != null ? element : component.getType()).isRecord();
      keys.add(new Key(path, typeName(type, element), property.required(), comments.getOrDefault(path, UNDOCUMENTED)));
      if (nested) {
        collect(element != null ? element : component.getType(), path + (element != null ? "[]." : "."), comments, keys);
      }
    }
  }

  private static Class<?> listElement(Type type) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class
        && list.getActualTypeArguments()[0] instanceof Class<?> element) {
      return element;
    }
    return null;
  }

  private static String typeName(Type type, Class<?> element) {
    if (element != null) {
      return element.isRecord() ? "list of sections" : "list of " + scalar(element);
    }
    Class<?> raw = (Class<?>) type;
    return raw.isRecord() ? "section" : scalar(raw);
  }

  private static String scalar(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "integer";
    }
    if (type == double.class || type == Double.class || type == float.class) {
      return "number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "boolean";
    }
    return "string";
  }
}
