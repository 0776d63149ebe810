package org.traumaflow.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The elements of one dataset (or sequence item), ordered by tag, with typed accessors that
 * interpret a value by its VR: binary numbers (US, SS, UL, SL, FL, FD) or decimal text (IS, DS).
 */
public final class DicomDataset {
  private final SortedMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);

  void put(DicomElement element) {
    elements.put(element.tag(), element);
  }

  public Optional<DicomElement> element(int tag) {
    return Optional.ofNullable(elements.get(tag));
  }

  /** Every element, ordered by tag. */
  public SortedMap<Integer, DicomElement> elements() {
    return Collections.unmodifiableSortedMap(elements);
  }

  /** The text value with trailing padding (spaces, NUL) removed; empty when absent. */
  public Optional<String> string(int tag) {
    DicomElement element = elements.get(tag);
    if (element == null || element.value().length == 0) {
      return Optional.empty();
    }
    return Optional.of(text(element.value()));
  }

  /** The backslash-separated text values, each trimmed. */
  public List<String> strings(int tag) {
    return string(tag).map(s -> List.of(s.split("\\\\", -1)).stream().map(String::trim).toList()).orElse(List.of());
  }

  /** The first integer value: binary for US/SS/UL/SL, decimal text for IS (and UN as text). */
  public OptionalInt integer(int tag) {
    DicomElement element = elements.get(tag);
    if (element == null || element.value().length == 0) {
      return OptionalInt.empty();
    }
    ByteBuffer buffer = buffer(element);
    switch (element.vr()) {
      case US:
        return element.value().length >= 2 ? OptionalInt.of(buffer.getShort() & 0xFFFF) : OptionalInt.empty();
      case SS:
        return element.value().length >= 2 ? OptionalInt.of(buffer.getShort()) : OptionalInt.empty();
      case UL:
      case SL:
        return element.value().length >= 4 ? OptionalInt.of(buffer.getInt()) : OptionalInt.empty();
      default:
        double[] values = decimals(text(element.value()));
        if (values.length == 0 || values[0] != Math.rint(values[0]) || Math.abs(values[0]) > Integer.MAX_VALUE) {
          return OptionalInt.empty();
        }
        return OptionalInt.of((int) values[0]);
    }
  }

  /** All numeric values: decimal text for DS/IS, binary for FL/FD/US/SS; empty when absent or unparsable. */
  public double[] doubles(int tag) {
    DicomElement element = elements.get(tag);
    if (element == null || element.value().length == 0) {
      return new double[0];
    }
    ByteBuffer buffer = buffer(element);
    int length = element.value().length;
    switch (element.vr()) {
      case FD: {
        double[] out = new double[length / 8];
        for (int i = 0; i < out.length; i++) {
          out[i] = buffer.getDouble();
        }
        return out;
      }
      case FL: {
        double[] out = new double[length / 4];
        for (int i = 0; i < out.length; i++) {
          out[i] = buffer.getFloat();
        }
        return out;
      }
      case US:
      case SS:
      case UL:
      case SL:
        OptionalInt value = integer(tag);
        return value.isPresent() ? new double[] {value.getAsInt()} : new double[0];
      default:
        return decimals(text(element.value()));
    }
  }

  /** The first numeric value. */
  public OptionalDouble decimal(int tag) {
    double[] values = doubles(tag);
    return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(values[0]);
  }

  /** The items of a sequence; empty when absent. */
  public List<DicomDataset> sequence(int tag) {
    DicomElement element = elements.get(tag);
    return element == null ? List.of() : element.items();
  }

  private static ByteBuffer buffer(DicomElement element) {
    return ByteBuffer.wrap(element.value())
        .order(element.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  private static String text(byte[] value) {
    int end = value.length;
    while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == 0)) {
      end--;
    }
    int start = 0;
    while (start < end && value[start] == ' ') {
      start++;
    }
    return new String(value, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** Parses backslash-separated decimal strings; a value that does not parse yields none. */
  private static double[] decimals(String text) {
    if (text.isEmpty()) {
      return new double[0];
    }
    String[] parts = text.split("\\\\", -1);
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException notANumber) {
        return new double[0];
      }
      if (!Double.isFinite(out[i])) {
        return new double[0];
      }
    }
    return out;
  }
}
