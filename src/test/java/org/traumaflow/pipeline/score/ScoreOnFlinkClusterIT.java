package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.metric.Submission;
import org.traumaflow.metric.SubmissionCsv;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.FlinkSessionCluster;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * {@code traumaflow score} on a real Flink session cluster started by {@code scripts/flink-cluster}:
 * the synthetic test split scored with a tiny trained zoo gives the same submission, row for row
 * and probability for probability, as the Direct runner.
 */
@ExtendWith(SingleThreadedTorch.class)
class ScoreOnFlinkClusterIT {
  @TempDir static Path dir;
  private static FlinkSessionCluster cluster;
  private static TinyZoo zoo;

  @BeforeAll
  static void startClusterAndTrainAZoo() throws Exception {
    cluster = FlinkSessionCluster.start(dir.resolve("cluster"));
    zoo = TinyZoo.shared();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theClusterWritesTheSameSubmissionAndPredictionsAsTheDirectRunner() throws Exception {
    Path direct = dir.resolve("direct");
    CliRun onDirect = score(direct);
    assertEquals(0, onDirect.exitCode(), onDirect.stderr());
    Path flink = dir.resolve("flink");
    String job = "score-on-cluster";
    CliRun onCluster = score(flink, "--runner=FlinkRunner", "--flinkMaster=" + cluster.address(), "--parallelism=2",
        "--jobName=" + job, "--filesToStage=" + cluster.filesToStage());
    assertEquals(0, onCluster.exitCode(), onCluster.stderr());
    assertEquals("FINISHED", cluster.rest("/jobs/" + cluster.jobId(job)).get("state").asText(), "the cluster ran the job");

    Submission sample = SubmissionCsv.read(SmallDataset.root().resolve("sample_submission.csv"));
    Submission submitted = SubmissionCsv.read(flink.resolve(ScorePipeline.SUBMISSION));
    assertEquals(sample.rows().keySet(), submitted.rows().keySet(), "one row per test patient");
    assertEquals(SubmissionCsv.read(direct.resolve(ScorePipeline.SUBMISSION)).rows(), submitted.rows(), "the same probabilities");
    assertArrayEquals(Files.readAllBytes(direct.resolve(ScorePipeline.SUBMISSION)), Files.readAllBytes(flink.resolve(ScorePipeline.SUBMISSION)));
    assertArrayEquals(Files.readAllBytes(direct.resolve(ScorePipeline.PREDICTIONS)), Files.readAllBytes(flink.resolve(ScorePipeline.PREDICTIONS)));
    assertTrue(Files.readString(flink.resolve(ScorePipeline.DEAD_LETTERS)).isBlank(), "every series scored on the cluster");
  }

  private static CliRun score(Path output, String... beam) {
    List<String> args = new ArrayList<>(List.of("score", "--input", SmallDataset.root().toString(), "--output", output.toString(),
        "--segmentation-model", zoo.segmentation().toString(), "--ensemble", zoo.ensemble().toString(),
        "--runs", zoo.runs().toString(), "--spec", zoo.preprocess().toString()));
    args.addAll(List.of(beam));
    return CliRun.of(args.toArray(String[]::new));
  }
}
