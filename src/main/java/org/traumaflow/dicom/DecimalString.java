package org.traumaflow.dicom;

import java.math.BigDecimal;
import java.math.MathContext;

/** Formats numbers as DICOM DS values: at most 16 characters, no exponent where avoidable. */
final class DecimalString {
  private static final int MAX_LENGTH = 16;

  private DecimalString() {}

  static String format(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("DS cannot hold " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    for (int digits = 15; digits > 0; digits--) {
      String text = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
      if (text.length() <= MAX_LENGTH) {
        return text;
      }
    }
    throw new IllegalArgumentException("DS cannot hold " + value + " in 16 characters");
  }

  static String format(double... values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        text.append('\\');
      }
      text.append(format(values[i]));
    }
    return text.toString();
  }
}
