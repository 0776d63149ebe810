package org.traumaflow.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.pipeline.PreprocessPipeline;

/**
 * The preprocess pipeline as the Dataflow runner builds it for GPU workers, from the template's
 * main class: translated, validated and written out as a job (Beam's template mode), with the
 * pipeline graph staged locally, instead of being submitted.
 */
class PreprocessOnDataflowTest {
  private static final String WORKER_IMAGE = "us-central1-docker.pkg.dev/traumaflow-test/traumaflow/traumaflow-worker-gpu:test";
  private static final String ACCELERATOR = "worker_accelerator=type:nvidia-l4;count:1;install-nvidia-driver";

  @TempDir Path dir;

  @Test
  void theTemplateMainBuildsAGpuJobOnRunnerV2AndReturnsWithoutWaitingForIt() throws Exception {
    Path job = dir.resolve("job.json");
    Path staging = dir.resolve("staging");
    // A job that was only written out cannot be waited for: a main that waited would throw here.
    PreprocessPipeline.main(new String[] {
        "--runner=DataflowRunner", "--project=traumaflow-test", "--region=us-central1",
        "--input=gs://traumaflow-data/rsna", "--output=gs://traumaflow-results/preprocess",
        "--segmentationModel=gs://traumaflow-artifacts/seg-fold0",
        "--gcpTempLocation=gs://traumaflow-temp/tmp", "--stagingLocation=" + staging, "--templateLocation=" + job,
        "--filesToStage=" + Files.write(dir.resolve("job.jar"), new byte[0]),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--stagerClass=org.traumaflow.testing.LocalStager",
        "--experiments=use_runner_v2", "--workerMachineType=g2-standard-8",
        "--sdkContainerImage=" + WORKER_IMAGE, "--dataflowServiceOptions=" + ACCELERATOR});

    JsonNode environment = new ObjectMapper().readTree(job.toFile()).get("environment");
    assertTrue(texts(environment.get("serviceOptions")).contains(ACCELERATOR), "one L4 per worker, driver installed");
    assertTrue(texts(environment.get("experiments")).contains("use_runner_v2"), "Runner v2");
    JsonNode workers = environment.get("workerPools").get(0);
    assertEquals("g2-standard-8", workers.get("machineType").asText());
    assertEquals(WORKER_IMAGE, workers.get("sdkHarnessContainerImages").get(0).get("containerImage").asText(), "the CUDA worker image");

    RunnerApi.Pipeline graph = RunnerApi.Pipeline.parseFrom(Files.readAllBytes(staging.resolve("pipeline.pb")));
    Set<String> steps = graph.getComponents().getTransformsMap().values().stream().map(RunnerApi.PTransform::getUniqueName)
        .collect(Collectors.toSet());
    // Steps 1-4 are the shared stage-1 composite's; each step is a top-level name or one under that composite.
    for (String step : List.of("1 Discover series", "2 Read and preprocess series", "4 Segment organs", "5 Write volumes",
        "6 Info records", "7 Dead letters")) {
      assertTrue(steps.contains(step) || steps.contains("Prepare and segment/" + step), "step '" + step + "' in " + steps);
    }
    assertTrue(graph.getComponents().getEnvironmentsMap().values().stream()
        .anyMatch(e -> e.getPayload().toStringUtf8().contains(WORKER_IMAGE)), "the graph's environment is the worker image");
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
