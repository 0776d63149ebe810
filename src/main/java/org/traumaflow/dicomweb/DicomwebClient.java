package org.traumaflow.dicomweb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small DICOMweb client: QIDO-RS searches for studies, series and instances, WADO-RS
 * retrieval of one instance as its Part 10 bytes, in the transfer syntax it is stored in, and
 * STOW-RS of instances into a study.
 * TLS certificates and host names are always verified (against the system's authorities or a
 * given CA file). Every failure is a {@link DicomwebException} naming the URL.
 *
 * <pre>{@code
 * DicomwebClient client = DicomwebClient.open(DicomwebEndpoint.at("http://127.0.0.1:8042/dicom-web"));
 * for (QidoStudy study : client.studies()) { ... client.series(study.studyInstanceUid()) ... }
 * byte[] part10 = client.retrieve(client.instanceUrl(study, series, instance));
 * }</pre>
 */
public final class DicomwebClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
  /** Stored syntax as is: asking for the default (explicit little endian) makes servers transcode, or refuse. */
  private static final String DICOM_ANY_SYNTAX = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
  private static final String QIDO_JSON = "application/dicom+json";

  private final String baseUrl;
  private final HttpClient http;
  private final Optional<DicomwebCredentials> credentials;

  private DicomwebClient(String baseUrl, HttpClient http, Optional<DicomwebCredentials> credentials) {
    this.baseUrl = baseUrl;
    this.http = http;
    this.credentials = credentials;
  }

  /** A client for {@code endpoint}, its credentials from its file or this process's environment. */
  public static DicomwebClient open(DicomwebEndpoint endpoint) throws DicomwebException {
    return open(endpoint, System.getenv());
  }

  /** A client for {@code endpoint}, its credentials from its file or the given environment. */
  public static DicomwebClient open(DicomwebEndpoint endpoint, Map<String, String> environment) throws DicomwebException {
    HttpClient.Builder builder = HttpClient.newBuilder()
        // DICOMweb servers are HTTP/1.1 more often than not; an h2c upgrade attempt buys nothing.
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (endpoint.caFile() != null) {
      builder.sslContext(trusting(endpoint.caFile()));
    }
    return new DicomwebClient(endpoint.baseUrl(), builder.build(), DicomwebCredentials.resolve(endpoint.credentialsFile(), environment));
  }

  /** Every study the service holds (QIDO-RS {@code /studies}). */
  public List<QidoStudy> studies() throws DicomwebException {
    String url = baseUrl + "/studies?includefield=00100020";
    return QidoJson.studies(url, get(url, QIDO_JSON).body());
  }

  /** The series of one study. */
  public List<QidoSeries> series(String studyInstanceUid) throws DicomwebException {
    String url = baseUrl + "/studies/" + studyInstanceUid + "/series?includefield=00080060";
    return QidoJson.series(url, get(url, QIDO_JSON).body());
  }

  /** The instances of one series. */
  public List<QidoInstance> instances(String studyInstanceUid, String seriesInstanceUid) throws DicomwebException {
    String url = baseUrl + "/studies/" + studyInstanceUid + "/series/" + seriesInstanceUid + "/instances?includefield=00200013";
    return QidoJson.instances(url, get(url, QIDO_JSON).body());
  }

  /** The WADO-RS URL of one instance. */
  public String instanceUrl(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {
    return baseUrl + "/studies/" + studyInstanceUid + "/series/" + seriesInstanceUid + "/instances/" + sopInstanceUid;
  }

  /**
   * One instance's Part 10 bytes from its WADO-RS URL ({@link #instanceUrl}).
   *
   * @throws DicomwebException on an HTTP error, or a response that is not exactly one DICOM part
   */
  public byte[] retrieve(String instanceUrl) throws DicomwebException {
    requireOwn(instanceUrl);
    HttpResponse<byte[]> response = get(instanceUrl, DICOM_ANY_SYNTAX);
    List<byte[]> parts = MultipartRelated.parts(instanceUrl, response.headers().firstValue("Content-Type").orElse(null), response.body());
    if (parts.size() != 1) {
      throw new MalformedResponseException(instanceUrl, "expected one DICOM part, got " + parts.size());
    }
    return parts.get(0);
  }

  /**
   * Stores Part 10 instances into one study (STOW-RS), all in one request.
   *
   * @throws DicomwebStatusException when the service answers anything but 200, or 200 with failed instances
   * @throws DicomwebException when the request fails without an answer
   */
  public void store(String studyInstanceUid, List<byte[]> instances) throws DicomwebException {
    String url = baseUrl + "/studies/" + studyInstanceUid;
    String boundary = "traumaflow-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] instance : instances) {
      body.writeBytes(("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(instance);
      body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .header("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=" + boundary)
        .header("Accept", QIDO_JSON);
    credentials.ifPresent(c -> request.header("Authorization", c.authorization()));
    // Repeating a store is safe: the same instance UIDs replace themselves.
    HttpResponse<byte[]> response = send(url, request.build());
    int status = response.statusCode();
    if (status != 200) {
      throw new DicomwebStatusException(url, status, status == 202 || status == 409 ? "the service stored some or none of the instances"
          : explain(status));
    }
    int failed = QidoJson.failedInstances(url, response.body());
    if (failed > 0) {
      throw new DicomwebStatusException(url, status, "the service did not store " + failed + " of " + instances.size() + " instances");
    }
  }

  /** Checks that the service answers and accepts the credentials, with the cheapest search there is. */
  public void probe() throws DicomwebException {
    String url = baseUrl + "/studies?limit=1";
    QidoJson.studies(url, get(url, QIDO_JSON).body());
  }

  private void requireOwn(String url) throws DicomwebException {
    // The credentials go with every request: they must not follow a URL to another server.
    if (!url.startsWith(baseUrl + "/")) {
      throw new DicomwebException(url, "not under the DICOMweb service " + baseUrl);
    }
  }

  private HttpResponse<byte[]> get(String url, String accept) throws DicomwebException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET().timeout(REQUEST_TIMEOUT).header("Accept", accept);
    credentials.ifPresent(c -> request.header("Authorization", c.authorization()));
    HttpResponse<byte[]> response = send(url, request.build());
    int status = response.statusCode();
    if (status == 204) {
      return response;
    }
    if (status != 200) {
      throw new DicomwebStatusException(url, status, explain(status));
    }
    return response;
  }

  /**
   * Sends a request, once more if it failed without an answer: servers close idle keep-alive
   * connections early (Orthanc after one second), and a GET (or a STOW of fixed instance UIDs)
   * that meets one closed under it is safe to repeat.
   */
  private HttpResponse<byte[]> send(String url, HttpRequest request) throws DicomwebException {
    IOException last = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (SSLException tls) {
        throw new DicomwebException(url, "TLS failed: " + tls.getMessage(), tls);
      } catch (IOException failed) {
        last = failed;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new DicomwebException(url, "interrupted");
      }
    }
    throw new DicomwebException(url, "request failed: " + describe(last), last);
  }

  private String explain(int status) {
    return switch (status) {
      case 401 -> credentials.map(c -> "the server refused the credentials of user '" + c.user() + "' from " + c.origin())
          .orElse("the server requires credentials: set " + DicomwebCredentials.USER_VARIABLE + " and "
              + DicomwebCredentials.PASSWORD_VARIABLE + ", or give a credentials file");
      case 403 -> "forbidden" + credentials.map(c -> " for user '" + c.user() + "'").orElse("");
      case 404 -> "not found";
      case 406 -> "the server cannot send what was asked for (Accept header refused)";
      default -> status >= 500 ? "server error" : "unexpected status";
    };
  }

  private static String describe(IOException failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + message + ")");
  }

  private static SSLContext trusting(String caFile) throws DicomwebException {
    try (InputStream in = Files.newInputStream(Path.of(caFile))) {
      Collection<? extends Certificate> authorities = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (authorities.isEmpty()) {
        throw new DicomwebException(caFile, "no certificate in the CA file");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate authority : authorities) {
        store.setCertificateEntry("ca-" + i++, authority);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (DicomwebException empty) {
      throw empty;
    } catch (IOException unreadable) {
      throw new DicomwebException(caFile, "cannot read the CA file: " + describe(unreadable));
    } catch (GeneralSecurityException notCertificates) {
      throw new DicomwebException(caFile, "not a PEM certificate file: " + notCertificates.getMessage());
    }
  }
}
