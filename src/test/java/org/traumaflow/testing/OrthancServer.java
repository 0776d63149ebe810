package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Orthanc (Debian's {@code orthanc}) with its DICOMweb plugin ({@code orthanc-dicomweb}),
 * started as a plain process on a free loopback port with its storage under a test folder, and
 * stopped by its PID. With a user, every request needs HTTP basic authentication. While
 * {@link #refuseStow} is on, it answers every STOW-RS request with 403, as an archive that
 * refuses (or has stopped taking) new instances does.
 *
 * <pre>{@code
 * try (OrthancServer orthanc = OrthancServer.start(dir, "reader", "s3cret")) {
 *   orthanc.upload(file);
 *   DicomwebClient.open(DicomwebEndpoint.at(orthanc.dicomwebUrl()), environment)...
 * }
 * }</pre>
 */
public final class OrthancServer implements AutoCloseable {
  private static final Path EXECUTABLE = Path.of("/usr/sbin/Orthanc");
  private static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);

  private final Process process;
  private final int port;
  private final Path refuseStowFlag;
  private final String authorization;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private OrthancServer(Process process, int port, String authorization, Path refuseStowFlag) {
    this.process = process;
    this.port = port;
    this.refuseStowFlag = refuseStowFlag;
    this.authorization = authorization;
  }

  /** An Orthanc anyone on loopback may read. */
  public static OrthancServer start(Path dir) throws IOException {
    return start(dir, null, null);
  }

  /** An Orthanc that only {@code user} with {@code password} may use (both null: no authentication). */
  public static OrthancServer start(Path dir, String user, String password) throws IOException {
    if (!Files.isExecutable(EXECUTABLE) || !Files.exists(DICOMWEB_PLUGIN)) {
      fail(EXECUTABLE + " or " + DICOMWEB_PLUGIN + " not found: install Debian's orthanc and orthanc-dicomweb");
    }
    Files.createDirectories(dir);
    int port = freePort();
    Path storage = Files.createDirectories(dir.resolve("storage"));
    boolean secured = user != null;
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("Name", "traumaflow-test");
    config.put("StorageDirectory", storage.toString());
    config.put("IndexDirectory", storage.toString());
    config.put("HttpPort", port);
    config.put("DicomServerEnabled", false);
    config.put("RemoteAccessAllowed", false);
    config.put("AuthenticationEnabled", secured);
    if (secured) {
      config.put("RegisteredUsers", Map.of(user, password));
    }
    Path refuseStowFlag = dir.resolve("refuse-stow").toAbsolutePath();
    Path lua = Files.writeString(dir.resolve("refuse-stow.lua"), String.join("\n",
        "function IncomingHttpRequestFilter(method, uri, ip, username, httpHeaders)",
        "  if method == 'POST' and string.find(uri, '^/dicom%-web/studies') then",
        "    local flag = io.open('" + refuseStowFlag + "', 'r')",
        "    if flag ~= nil then io.close(flag) return false end",
        "  end",
        "  return true",
        "end", ""));
    config.put("LuaScripts", List.of(lua.toAbsolutePath().toString()));
    config.put("Plugins", List.of(DICOMWEB_PLUGIN.toString()));
    config.put("DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/"));
    Path configFile = dir.resolve("orthanc.json");
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(configFile.toFile(), config);
    Process process = new ProcessBuilder(EXECUTABLE.toString(), configFile.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("orthanc.log").toFile()).start();
    String authorization = secured
        ? "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)) : null;
    OrthancServer server = new OrthancServer(process, port, authorization, refuseStowFlag);
    server.awaitReady(dir.resolve("orthanc.log"));
    return server;
  }

  /** The DICOMweb root, e.g. {@code http://127.0.0.1:8042/dicom-web}. */
  public String dicomwebUrl() {
    return restUrl() + "/dicom-web";
  }

  /** Orthanc's own REST API root. */
  public String restUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Whether STOW-RS requests are refused with 403 from now on; everything else is served as before. */
  public void refuseStow(boolean refuse) throws IOException {
    if (refuse) {
      Files.writeString(refuseStowFlag, "refuse\n");
    } else {
      Files.deleteIfExists(refuseStowFlag);
    }
  }

  /** Stores one DICOM file (Orthanc's {@code POST /instances}). */
  public void upload(Path file) throws IOException {
    upload(Files.readAllBytes(file), file.toString());
  }

  /** Stores one DICOM file's bytes; {@code name} names it in a failure. */
  public void upload(byte[] dicom, String name) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(restUrl() + "/instances"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).header("Content-Type", "application/dicom");
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response = send(request.build());
    assertEquals(200, response.statusCode(), name + ": Orthanc refused the upload: " + response.body());
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("Orthanc exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(restUrl() + "/system")).timeout(Duration.ofSeconds(2));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        if (send(request.build()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    close();
    fail("Orthanc did not answer on " + restUrl() + " within " + READY_WITHIN + ": " + Files.readString(log));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", interrupted);
    }
  }

  /** Stops this Orthanc by its PID, forcibly if it has not stopped within ten seconds. */
  @Override
  public void close() {
    ProcessHandle handle = process.toHandle();
    handle.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        handle.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException interrupted) {
      handle.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
