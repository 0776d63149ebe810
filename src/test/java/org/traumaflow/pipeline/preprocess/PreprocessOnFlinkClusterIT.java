package org.traumaflow.pipeline.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.FlinkSessionCluster;
import org.traumaflow.testing.SmallDataset;

/**
 * {@code traumaflow preprocess} on a real Flink session cluster started by
 * {@code scripts/flink-cluster}: the same files as the Direct runner, also when the only
 * TaskManager is killed in the middle of the job and a new one takes its place.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreprocessOnFlinkClusterIT {
  @TempDir static Path dir;
  private static FlinkSessionCluster cluster;
  private static Map<String, byte[]> direct;

  @BeforeAll
  static void startClusterAndRunDirect() throws Exception {
    cluster = FlinkSessionCluster.start(dir.resolve("cluster"));
    Path out = dir.resolve("direct");
    CliRun run = CliRun.of("preprocess", "--input", SmallDataset.root().toString(), "--output", out.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    direct = files(out);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void theClusterWritesTheSameFilesAsTheDirectRunner() throws Exception {
    Path out = dir.resolve("flink");
    CliRun run = preprocessOnCluster(out, "preprocess-on-cluster");
    assertEquals(0, run.exitCode(), run.stderr());
    assertSameFiles(direct, files(out));
  }

  @Test
  @Order(2)
  void aTaskManagerKilledMidJobIsReplacedAndTheRestartedJobWritesEveryFileOnce() throws Exception {
    Path out = dir.resolve("flink-fault");
    String job = "preprocess-taskmanager-lost";
    CompletableFuture<CliRun> running = CompletableFuture.supplyAsync(() -> preprocessOnCluster(out, job));

    awaitFirstVolume(out, running);
    ProcessHandle taskManager = ProcessHandle.of(cluster.taskManagerPid(1)).orElseThrow();
    taskManager.destroyForcibly();
    taskManager.onExit().get(30, TimeUnit.SECONDS);
    assertFalse(Files.exists(out.resolve("info.jsonl")), "the TaskManager was killed before the job finished");
    cluster.startTaskManager();

    CliRun run = running.get(5, TimeUnit.MINUTES);
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(recordedFailure(cluster.jobId(job)), "Flink recorded the lost TaskManager and restarted the job");
    assertSameFiles(direct, files(out));
  }

  /**
   * Whether the job's exception history (or its root exception) holds the lost TaskManager. The
   * JobManager archives the history asynchronously, so it is polled for a few seconds.
   */
  private static boolean recordedFailure(String jobId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    do {
      var exceptions = cluster.rest("/jobs/" + jobId + "/exceptions");
      if (exceptions.path("exceptionHistory").path("entries").size() >= 1 || !exceptions.path("root-exception").isMissingNode()
          && !exceptions.path("root-exception").isNull()) {
        return true;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return false;
  }

  private static CliRun preprocessOnCluster(Path out, String jobName) {
    try {
      return CliRun.of("preprocess", "--input", SmallDataset.root().toString(), "--output", out.toString(),
          "--runner=FlinkRunner", "--flinkMaster=" + cluster.address(), "--parallelism=2",
          "--jobName=" + jobName, "--filesToStage=" + cluster.filesToStage());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Waits until the job has written its first volume, so the kill lands while it works. */
  private static void awaitFirstVolume(Path out, CompletableFuture<CliRun> running) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (running.isDone()) {
        throw new AssertionError("the job ended before it wrote a volume: " + running.get().stderr());
      }
      try {
        // A volume, not any file: the run's output lock appears before the job even starts.
        if (files(out).keySet().stream().anyMatch(name -> name.endsWith(".npy"))) {
          return;
        }
      } catch (IOException | java.io.UncheckedIOException renamedWhileListed) {
        // a temporary file was renamed into place between listing and reading: look again
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no volume written within 3 minutes");
  }

  /** Every visible file under {@code root} by relative path; hidden ones are writes in progress. */
  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        Path relative = root.relativize(file);
        boolean hidden = false;
        for (Path part : relative) {
          hidden |= part.toString().startsWith(".");
        }
        if (!hidden) {
          files.put(relative.toString(), Files.readAllBytes(file));
        }
      }
    }
    return files;
  }

  private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet(), "the same files");
    for (Map.Entry<String, byte[]> file : expected.entrySet()) {
      assertTrue(java.util.Arrays.equals(file.getValue(), actual.get(file.getKey())), file.getKey() + " differs");
    }
  }
}
