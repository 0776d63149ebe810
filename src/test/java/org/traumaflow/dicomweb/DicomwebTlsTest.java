package org.traumaflow.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.ReferenceTools;

/**
 * The client verifies https certificates and host names: against the system's authorities by
 * default, or a CA file given for the purpose, and never not at all. The server is the JDK's
 * HTTPS server with a certificate from a CA made here (Debian's Orthanc 1.10.1 crashes on its
 * first TLS connection, so it cannot serve https here); it answers every QIDO-RS search with no match.
 */
class DicomwebTlsTest {
  private static final String STORE_PASSWORD = "store-pw";
  @TempDir static Path dir;
  static HttpsServer server;
  static Path ca;

  @BeforeAll
  static void serveHttps() throws Exception {
    ca = dir.resolve("ca.pem");
    Path caKey = dir.resolve("ca.key");
    Path key = dir.resolve("server.key");
    Path csr = dir.resolve("server.csr");
    Path cert = dir.resolve("server.pem");
    Path store = dir.resolve("server.p12");
    Path extensions = Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    ReferenceTools.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
        "-days", "2", "-subj", "/CN=traumaflow test CA");
    ReferenceTools.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
        "-subj", "/CN=127.0.0.1");
    ReferenceTools.run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
        "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", extensions.toString());
    ReferenceTools.run("openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out", store.toString(),
        "-passout", "pass:" + STORE_PASSWORD);

    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, STORE_PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext("/dicom-web/studies", exchange -> {
      byte[] none = "[]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/dicom+json");
      exchange.sendResponseHeaders(200, none.length);
      exchange.getResponseBody().write(none);
      exchange.close();
    });
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static String url(String host) {
    return "https://" + host + ":" + server.getAddress().getPort() + "/dicom-web";
  }

  @Test
  void aCertificateTheSystemDoesNotTrustIsRefusedNamingTheUrl() throws Exception {
    DicomwebClient client = DicomwebClient.open(DicomwebEndpoint.at(url("127.0.0.1")), Map.of());
    DicomwebException refused = assertThrows(DicomwebException.class, client::probe);
    assertTrue(refused.getMessage().startsWith(url("127.0.0.1") + "/studies?limit=1: TLS failed: "), refused.getMessage());
  }

  @Test
  void theGivenCaFileIsTrustedAndHostNamesAreStillChecked() throws Exception {
    assertEquals(0, DicomwebClient.open(new DicomwebEndpoint(url("127.0.0.1"), ca.toString(), null), Map.of()).studies().size());

    // The certificate names 127.0.0.1 only: "localhost" reaches the same server but is not the name it proves.
    DicomwebClient otherName = DicomwebClient.open(new DicomwebEndpoint(url("localhost"), ca.toString(), null), Map.of());
    DicomwebException mismatch = assertThrows(DicomwebException.class, otherName::probe);
    assertTrue(mismatch.getMessage().startsWith(url("localhost") + "/studies?limit=1: TLS failed: "), mismatch.getMessage());
  }

  @Test
  void aCaFileThatHoldsNoCertificateIsRefusedNamingIt() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
    DicomwebException refused = assertThrows(DicomwebException.class,
        () -> DicomwebClient.open(new DicomwebEndpoint(url("127.0.0.1"), notPem.toString(), null), Map.of()));
    assertTrue(refused.getMessage().startsWith(notPem + ": "), refused.getMessage());
    Path missing = dir.resolve("missing.pem");
    DicomwebException absent = assertThrows(DicomwebException.class,
        () -> DicomwebClient.open(new DicomwebEndpoint(url("127.0.0.1"), missing.toString(), null), Map.of()));
    assertEquals(missing + ": cannot read the CA file: NoSuchFileException (" + missing + ")", absent.getMessage());
  }
}
