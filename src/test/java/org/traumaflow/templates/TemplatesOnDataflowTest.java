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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.pipeline.preprocess.PreprocessPipeline;
import org.traumaflow.pipeline.score.ScorePipeline;
import org.traumaflow.pipeline.train.TrainPipeline;
import org.traumaflow.pipeline.train.TrainSegmentationPipeline;
import org.traumaflow.pipeline.volumes.MakeVolumesPipeline;
import org.traumaflow.storage.ObjectStore;
import org.traumaflow.testing.InMemoryCloudStorage;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * Each template's pipeline as the Dataflow runner builds it for GPU workers, from the template's
 * main class: translated, validated and written out as a job (Beam's template mode), with the
 * pipeline graph staged locally, instead of being submitted. A job that was only written out
 * cannot be waited for, so a main that waited would throw here.
 */
@ExtendWith(SingleThreadedTorch.class)
class TemplatesOnDataflowTest {
  private static final String WORKER_IMAGE = "us-central1-docker.pkg.dev/traumaflow-test/traumaflow/traumaflow-worker-gpu:test";
  private static final String ACCELERATOR = "worker_accelerator=type:nvidia-l4;count:1;install-nvidia-driver";

  @TempDir Path dir;

  /** A template's main: what the Flex Template launcher runs. */
  private interface TemplateMain {
    void main(String[] args) throws Exception;
  }

  @Test
  void preprocessBuildsAGpuJobOnRunnerV2WithEveryStepAndReturnsWithoutWaitingForIt() throws Exception {
    RunnerApi.Pipeline graph = launch(PreprocessPipeline::main,
        "--input=gs://traumaflow-data/rsna", "--output=gs://traumaflow-results/preprocess",
        "--segmentationModel=gs://traumaflow-artifacts/seg-fold0");
    // The first steps are the shared stage-1 composite's; each step is a top-level name or one under a composite.
    assertSteps(graph, "Discover series", "Read and preprocess series", "Segment organs", "Write volumes",
        "Info records", "Dead letters");
  }

  @Test
  void makeVolumesBuildsAGpuJobWithEveryStepAndReturnsWithoutWaitingForIt() throws Exception {
    // The launcher copies the input's label files into the output before it builds the job: here in in-memory Cloud Storage.
    ObjectStore input = ObjectStore.at("gs://traumaflow-data/rsna", InMemoryCloudStorage.client());
    for (String labels : List.of("train.csv", "image_level_labels.csv")) {
      input.write(labels, Files.readAllBytes(SmallDataset.root().resolve(labels)));
    }
    RunnerApi.Pipeline graph = launch(MakeVolumesPipeline::main,
        "--input=gs://traumaflow-data/rsna", "--output=gs://traumaflow-data/stage2", "--segmentationModel=gs://traumaflow-artifacts/seg-fold0");
    assertTrue(ObjectStore.at("gs://traumaflow-data/stage2", InMemoryCloudStorage.client()).exists("train.csv"), "train.csv beside the dataset");
    assertSteps(graph, "Discover series", "Read and preprocess series", "Segment organs", "Make volumes",
        "Write dataset", "Dead letters");
  }

  @Test
  void scoreVerifiesTheEnsembleThenBuildsAGpuJobWithEveryStepAndReturnsWithoutWaitingForIt() throws Exception {
    // The launcher hashes every member before it builds the job, so the members must exist.
    TinyZoo zoo = TinyZoo.shared();
    RunnerApi.Pipeline graph = launch(ScorePipeline::main,
        "--input=" + SmallDataset.root(), "--output=" + dir.resolve("scored"),
        "--ensemble=" + zoo.ensemble(), "--runs=" + zoo.runs(), "--spec=" + zoo.preprocess(),
        "--segmentationModel=" + zoo.segmentation());
    assertSteps(graph, "Discover series", "Read and preprocess series", "Segment organs", "Make volumes",
        "Run ensemble", "Blend patients", "Submission", "Predictions", "Dead letters");
  }

  @Test
  void trainBuildsAGpuJobWithEveryStepAndReturnsWithoutWaitingForIt() throws Exception {
    Path spec = Files.copy(Path.of("pipelines/train-tiny.yaml"), dir.resolve("train.yaml"));
    RunnerApi.Pipeline graph = launch(TrainPipeline::main,
        "--spec=" + spec, "--data=gs://traumaflow-data/stage2", "--output=gs://traumaflow-artifacts/zoo");
    assertSteps(graph, "Runs of the spec", "Train the zoo", "Registry", "Dead letters");
  }

  @Test
  void trainSegmentationBuildsAGpuJobWithEveryStepAndReturnsWithoutWaitingForIt() throws Exception {
    RunnerApi.Pipeline graph = launch(TrainSegmentationPipeline::main,
        "--input=gs://traumaflow-data/rsna", "--output=gs://traumaflow-data/seg-fold0", "--model=tiny", "--epochs=2");
    assertSteps(graph, "Training job", "Train segmentation");
  }

  /**
   * Runs {@code main} with the Dataflow runner and the options {@code templates/run.sh} gives,
   * checks the job asks for Runner v2, the L4 accelerator, the G2 machine type and the worker
   * image, and returns the staged graph.
   */
  private RunnerApi.Pipeline launch(TemplateMain main, String... parameters) throws Exception {
    Path job = dir.resolve("job.json");
    Path staging = dir.resolve("staging");
    List<String> args = new ArrayList<>(List.of(
        "--runner=DataflowRunner", "--project=traumaflow-test", "--region=us-central1",
        "--gcpTempLocation=gs://traumaflow-temp/tmp", "--stagingLocation=" + staging, "--templateLocation=" + job,
        "--filesToStage=" + Files.write(dir.resolve("job.jar"), new byte[0]),
        "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
        "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
        "--stagerClass=org.traumaflow.testing.LocalStager",
        "--experiments=use_runner_v2", "--workerMachineType=g2-standard-8",
        "--sdkContainerImage=" + WORKER_IMAGE, "--dataflowServiceOptions=" + ACCELERATOR));
    args.addAll(List.of(parameters));
    main.main(args.toArray(String[]::new));

    JsonNode environment = new ObjectMapper().readTree(job.toFile()).get("environment");
    assertTrue(texts(environment.get("serviceOptions")).contains(ACCELERATOR), "one L4 per worker, driver installed");
    assertTrue(texts(environment.get("experiments")).contains("use_runner_v2"), "Runner v2");
    JsonNode workers = environment.get("workerPools").get(0);
    assertEquals("g2-standard-8", workers.get("machineType").asText());
    assertEquals(WORKER_IMAGE, workers.get("sdkHarnessContainerImages").get(0).get("containerImage").asText(), "the CUDA worker image");

    RunnerApi.Pipeline graph = RunnerApi.Pipeline.parseFrom(Files.readAllBytes(staging.resolve("pipeline.pb")));
    assertTrue(graph.getComponents().getEnvironmentsMap().values().stream()
        .anyMatch(e -> e.getPayload().toStringUtf8().contains(WORKER_IMAGE)), "the graph's environment is the worker image");
    return graph;
  }

  /** Each step is a top-level name or one under the shared stage-1 composite or score's publishing one. */
  private static void assertSteps(RunnerApi.Pipeline graph, String... expected) {
    Set<String> steps = graph.getComponents().getTransformsMap().values().stream().map(RunnerApi.PTransform::getUniqueName)
        .collect(Collectors.toSet());
    for (String step : expected) {
      assertTrue(steps.contains(step) || steps.contains("Prepare and segment/" + step) || steps.contains("Publish run/" + step),
          "step '" + step + "' in " + steps);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
