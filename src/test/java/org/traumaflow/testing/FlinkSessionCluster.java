package org.traumaflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Flink session cluster on loopback, started and stopped through {@code scripts/flink-cluster}
 * exactly as a user does, for tests that submit pipelines to it.
 *
 * <p>The job's jars: during {@code mvn test} the bundled jar does not exist yet, so a job is
 * submitted with the test JVM's own classpath staged, less the jars the cluster already has in
 * its lib/ (Flink, Log4j, SLF4J, DJL and libtorch, which the cluster loads first anyway) and less
 * the test-only folders. That stages the classes the bundled jar would hold, without the minute
 * it takes to build.
 */
public final class FlinkSessionCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT = Path.of("scripts/flink-cluster").toAbsolutePath();

  private final Path dir;
  private final String address;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkSessionCluster(Path dir, String address) {
    this.dir = dir;
    this.address = address;
  }

  /** Starts a cluster (one JobManager, one TaskManager with 2 slots) on a free port, its files under {@code dir}. */
  public static FlinkSessionCluster start(Path dir) throws IOException, InterruptedException {
    String out = script("start", "--dir", dir.toString(), "--port", "0");
    List<String> lines = out.lines().toList();
    return new FlinkSessionCluster(dir, lines.get(lines.size() - 1).trim());
  }

  /** {@code host:port} of the REST endpoint: the value of {@code --flinkMaster}. */
  public String address() {
    return address;
  }

  /** The PID the script recorded for TaskManager {@code n} (1 for the first). */
  public long taskManagerPid(int n) throws IOException {
    return Long.parseLong(Files.readString(dir.resolve("taskmanager-" + n + ".pid")).trim());
  }

  /** Starts one more TaskManager through the script. */
  public void startTaskManager() throws IOException, InterruptedException {
    script("taskmanager", "--dir", dir.toString());
  }

  /** GET on the REST API, as JSON. */
  public JsonNode rest(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The id of the one job named {@code name}. */
  public String jobId(String name) throws IOException, InterruptedException {
    for (JsonNode job : rest("/jobs/overview").get("jobs")) {
      if (job.get("name").asText().equals(name)) {
        return job.get("jid").asText();
      }
    }
    throw new IOException("no job named " + name + " on " + address);
  }

  /** The value of {@code --filesToStage} for a job from this JVM: its classpath less what the cluster has. */
  public String filesToStage() throws IOException {
    Set<String> clusterJars;
    try (Stream<Path> lib = Files.list(dir.resolve("lib"))) {
      clusterJars = lib.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    List<String> files = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      boolean testOnly = path.endsWith("test-classes") || path.getFileName().toString().startsWith("surefire");
      if (!testOnly && Files.exists(path) && !clusterJars.contains(path.getFileName().toString())) {
        files.add(path.toAbsolutePath().toString());
      }
    }
    return String.join(",", files);
  }

  /** Stops the processes the script started for this cluster. */
  @Override
  public void close() throws IOException, InterruptedException {
    script("stop", "--dir", dir.toString());
  }

  private static String script(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    byte[] err = process.getErrorStream().readAllBytes();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("flink-cluster " + String.join(" ", args) + " failed:\n" + new String(err, StandardCharsets.UTF_8) + out);
    }
    return out;
  }
}
