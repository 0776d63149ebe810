package org.traumaflow.dicomweb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a WADO-RS {@code multipart/related} body (RFC 2387, PS3.18 8.6.1) into its parts'
 * bytes. Part headers are read only for their content type: a part that says it is not
 * {@code application/dicom} is refused.
 */
final class MultipartRelated {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

  private MultipartRelated() {}

  static List<byte[]> parts(String url, String contentType, byte[] body) throws MalformedResponseException {
    String boundary = boundary(url, contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new MalformedResponseException(url, "multipart body without its boundary");
    }
    byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<byte[]> parts = new ArrayList<>();
    int position = at + delimiter.length;
    while (true) {
      if (startsWith(body, position, new byte[] {'-', '-'})) {
        return parts;
      }
      int lineEnd = indexOf(body, CRLF, position);
      if (lineEnd < 0) {
        throw new MalformedResponseException(url, "multipart body ends inside part " + (parts.size() + 1));
      }
      int headersEnd = startsWith(body, lineEnd, HEADERS_END) ? lineEnd : indexOf(body, HEADERS_END, lineEnd);
      if (headersEnd < 0) {
        throw new MalformedResponseException(url, "part " + (parts.size() + 1) + " has no end of headers");
      }
      String headers = new String(body, lineEnd + 2, Math.max(0, headersEnd - lineEnd - 2), StandardCharsets.ISO_8859_1);
      requireDicom(url, headers, parts.size() + 1);
      int contentStart = headersEnd + HEADERS_END.length;
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new MalformedResponseException(url, "part " + (parts.size() + 1) + " has no closing boundary");
      }
      byte[] part = new byte[contentEnd - contentStart];
      System.arraycopy(body, contentStart, part, 0, part.length);
      parts.add(part);
      position = contentEnd + next.length;
    }
  }

  private static String boundary(String url, String contentType) throws MalformedResponseException {
    if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/related")) {
      throw new MalformedResponseException(url, "expected a multipart/related response, got " + (contentType == null ? "no Content-Type" : contentType));
    }
    for (String parameter : contentType.split(";")) {
      String[] pair = parameter.strip().split("=", 2);
      if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("boundary")) {
        String value = pair[1].strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    throw new MalformedResponseException(url, "multipart/related response without a boundary");
  }

  private static void requireDicom(String url, String headers, int part) throws MalformedResponseException {
    for (String header : headers.split("\r\n")) {
      int colon = header.indexOf(':');
      if (colon > 0 && header.substring(0, colon).strip().equalsIgnoreCase("Content-Type")) {
        String type = header.substring(colon + 1).strip();
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/dicom")) {
          throw new MalformedResponseException(url, "part " + part + " is " + type + ", not application/dicom");
        }
      }
    }
  }

  private static boolean startsWith(byte[] body, int at, byte[] prefix) {
    if (at < 0 || at + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
      if (startsWith(body, i, needle)) {
        return i;
      }
    }
    return -1;
  }
}
