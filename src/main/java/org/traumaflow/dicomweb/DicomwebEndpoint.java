package org.traumaflow.dicomweb;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a DICOMweb service is and how to reach it, without any secret, so pipelines can carry it
 * to their workers: each worker resolves the credentials itself ({@link DicomwebCredentials}).
 *
 * @param baseUrl the service root, e.g. {@code http://127.0.0.1:8042/dicom-web}, without a trailing slash
 * @param caFile a PEM file of the certificate authorities to trust for https, or null for the system's
 * @param credentialsFile a file holding {@code user:password}, or null for the environment's (or none)
 */
public record DicomwebEndpoint(String baseUrl, String caFile, String credentialsFile) implements Serializable {

  public DicomwebEndpoint {
    if (baseUrl == null || baseUrl.isBlank()) {
      throw new IllegalArgumentException("a DICOMweb URL is required");
    }
    baseUrl = baseUrl.strip();
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(baseUrl);
    } catch (URISyntaxException bad) {
      throw new IllegalArgumentException(baseUrl + ": not a URL: " + bad.getReason());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException(baseUrl + ": a DICOMweb URL is http:// or https:// with a host");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("a DICOMweb URL must not hold credentials: give them in a file or the environment");
    }
    caFile = blankToNull(caFile);
    credentialsFile = blankToNull(credentialsFile);
  }

  /** The endpoint at {@code baseUrl}, trusting the system's certificate authorities, credentials from the environment. */
  public static DicomwebEndpoint at(String baseUrl) {
    return new DicomwebEndpoint(baseUrl, null, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
