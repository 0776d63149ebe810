package org.traumaflow.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * terraform/ read with an HCL parser (no terraform binary, no providers, no cloud): every file
 * parses, the resources the platform needs are there and configured as promised, the example
 * environment wires each module's inputs and outputs, and the nightly scheduler launches the
 * score template at the path that {@code templates/build.sh score} publishes, with its parameters.
 */
class TerraformConfigurationTest {
  private static final Path TERRAFORM = Path.of("terraform");
  private static final Path EXAMPLE = TERRAFORM.resolve("environments/example");
  private static final Set<String> NARROW_ROLES = Set.of("roles/dataflow.developer", "roles/dataflow.worker",
      "roles/iam.serviceAccountUser", "roles/storage.objectViewer", "roles/storage.objectAdmin", "roles/artifactregistry.reader");

  @Test
  void everyTerraformFileParses() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(TERRAFORM)) {
      files = walk.filter(p -> p.toString().endsWith(".tf")).sorted().toList();
    }
    assertTrue(files.size() >= 16, "modules and the example environment: " + files);
    files.forEach(TerraformModule::parseFile);
  }

  @Test
  void everyVariableSaysWhatItIsAndTheOnesUsersSetRefuseBadValues() throws IOException {
    TerraformModule example = TerraformModule.read(EXAMPLE);
    // What users set: the environment's variables and the modules' knobs (those with defaults),
    // free-form maps (labels, template parameters) aside. The environment leaves the check to the
    // module it passes a variable to unchanged.
    for (TerraformModule module : modules()) {
      boolean environment = module.dir().equals(EXAMPLE);
      module.blocks("variable").forEach((name, variable) -> {
        String where = module.dir() + ": variable " + name;
        assertTrue(variable.get("description") instanceof String description && !description.isBlank(), where + ": description");
        assertTrue(variable.containsKey("type"), where + ": type");
        boolean userSet = environment || variable.containsKey("default");
        boolean freeForm = String.valueOf(variable.get("type")).toLowerCase(java.util.Locale.ROOT).contains("map");
        if (userSet && !freeForm && !validated(variable) && !(environment && validatedWherePassed(example, name))) {
          throw new AssertionError(where + " has no validation with an error message");
        }
      });
    }
  }

  private static boolean validated(Map<String, Object> variable) {
    return variable.get("validation") instanceof Map<?, ?> validation && !String.valueOf(validation.get("error_message")).isBlank();
  }

  /** Whether the environment passes {@code var.name} unchanged to a module variable that validates it. */
  private static boolean validatedWherePassed(TerraformModule example, String name) {
    for (Map<String, Object> call : example.blocks("module").values()) {
      TerraformModule module = TerraformModule.read(EXAMPLE.resolve(String.valueOf(call.get("source"))).normalize());
      for (Map.Entry<String, Object> input : call.entrySet()) {
        Map<String, Object> target = module.blocks("variable").get(input.getKey());
        if (("var." + name).equals(input.getValue()) && target != null && validated(target)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void bucketsArePrivateArtifactsAreVersionedAndTempExpires() {
    TerraformModule storage = TerraformModule.read(TERRAFORM.resolve("modules/storage"));
    assertEquals(Set.of("data", "artifacts", "temp"), storage.resources("google_storage_bucket").keySet());
    storage.resources("google_storage_bucket").forEach((name, bucket) -> {
      assertEquals(true, bucket.get("uniform_bucket_level_access"), name + ": uniform access");
      assertEquals("enforced", bucket.get("public_access_prevention"), name + ": public access prevented");
    });
    assertEquals(true, TerraformModule.map(storage.resource("google_storage_bucket", "artifacts").get("versioning")).get("enabled"));
    Map<String, Object> expiry = TerraformModule.map(storage.resource("google_storage_bucket", "temp").get("lifecycle_rule"));
    assertEquals("Delete", TerraformModule.map(expiry.get("action")).get("type"));
    assertEquals("var.temp_retention_days", TerraformModule.map(expiry.get("condition")).get("age"));
  }

  @Test
  void imagesGoToADockerRepositoryNamedAsTheBuildScriptPushesTo() throws IOException {
    TerraformModule registry = TerraformModule.read(TERRAFORM.resolve("modules/registry"));
    assertEquals("DOCKER", registry.resource("google_artifact_registry_repository", "images").get("format"));
    String defaultRepository = String.valueOf(registry.blocks("variable").get("repository_id").get("default"));
    assertTrue(buildScript().contains("REPOSITORY=\"${REPOSITORY:-" + defaultRepository + "}\""), "build.sh pushes to " + defaultRepository);
  }

  @Test
  void theTwoServiceAccountsHoldOnlyNarrowRolesAndTheLauncherCannotReadData() {
    TerraformModule identity = TerraformModule.read(TERRAFORM.resolve("modules/identity"));
    assertEquals(Set.of("launcher", "worker"), identity.resources("google_service_account").keySet());
    List<Map<String, Object>> grants = new ArrayList<>();
    for (String type : List.of("google_project_iam_member", "google_service_account_iam_member", "google_storage_bucket_iam_member",
        "google_artifact_registry_repository_iam_member")) {
      grants.addAll(identity.resources(type).values());
    }
    assertFalse(grants.isEmpty());
    for (Map<String, Object> grant : grants) {
      assertTrue(NARROW_ROLES.contains(String.valueOf(grant.get("role"))), "role " + grant.get("role"));
      String member = String.valueOf(grant.get("member"));
      assertTrue(member.equals("serviceAccount:google_service_account.launcher.email")
          || member.equals("serviceAccount:google_service_account.worker.email"), "member " + member);
    }
    identity.resources("google_project_iam_member").values()
        .forEach(grant -> assertTrue(String.valueOf(grant.get("role")).startsWith("roles/dataflow."), "project-wide only Dataflow roles: " + grant));
    identity.resources("google_storage_bucket_iam_member").values().stream()
        .filter(grant -> String.valueOf(grant.get("member")).contains("launcher"))
        .forEach(grant -> assertEquals("var.artifacts_bucket", grant.get("bucket"), "the launcher reads templates only"));
  }

  @Test
  void theNightlyJobLaunchesTheScoreTemplatePathTheBuildScriptPublishesOnGpuWorkers() throws IOException {
    TerraformModule scheduler = TerraformModule.read(TERRAFORM.resolve("modules/scheduler"));
    Map<String, Object> job = scheduler.resource("google_cloud_scheduler_job", "nightly");
    assertEquals("var.schedule", job.get("schedule"));
    assertEquals("var.time_zone", job.get("time_zone"));
    Map<String, Object> http = TerraformModule.map(job.get("http_target"));
    assertEquals("https://dataflow.googleapis.com/v1b3/projects/var.project_id/locations/var.region/flexTemplates:launch", http.get("uri"));
    assertEquals("var.launcher_service_account", TerraformModule.map(http.get("oauth_token")).get("service_account_email"));

    JsonNode launch = new ObjectMapper().readTree(Base64.getDecoder().decode(String.valueOf(http.get("body")))).get("launchParameter");
    assertEquals(publishedTemplatePath("var.artifacts_bucket", "score"), launch.get("containerSpecGcsPath").asText());
    assertTrue(Files.isRegularFile(Path.of("templates/score/metadata.json")), "the score template exists");
    assertEquals("var.parameters", launch.get("parameters").asText());
    JsonNode environment = launch.get("environment");
    assertEquals("var.worker_service_account", environment.get("serviceAccountEmail").asText());
    assertEquals("var.worker_image", environment.get("sdkContainerImage").asText());
    assertEquals("var.machine_type", environment.get("machineType").asText());
    assertEquals("use_runner_v2", environment.get("additionalExperiments").get(0).asText());
    assertEquals("dataflowServiceOptions=worker_accelerator=type:var.accelerator_type;count:var.accelerator_count;install-nvidia-driver",
        environment.get("additionalPipelineOptions").get(0).asText());
    assertEquals("nvidia-l4", scheduler.blocks("variable").get("accelerator_type").get("default"));
  }

  @Test
  void theExampleEnvironmentGivesEveryModuleItsInputsFromOutputsThatExist() throws IOException {
    TerraformModule example = TerraformModule.read(EXAMPLE);
    Map<String, Map<String, Object>> calls = example.blocks("module");
    assertEquals(Set.of("storage", "registry", "identity", "scheduler"), calls.keySet());
    for (Map.Entry<String, Map<String, Object>> call : calls.entrySet()) {
      TerraformModule module = TerraformModule.read(EXAMPLE.resolve(String.valueOf(call.getValue().get("source"))).normalize());
      Map<String, Map<String, Object>> variables = module.blocks("variable");
      for (String input : call.getValue().keySet()) {
        assertTrue(Set.of("source", "depends_on").contains(input) || variables.containsKey(input), "module " + call.getKey() + " has no variable " + input);
      }
      variables.forEach((name, variable) -> assertTrue(variable.containsKey("default") || call.getValue().containsKey(name),
          "module " + call.getKey() + ": required variable " + name + " is not set"));
    }
    Matcher reference = Pattern.compile("module\\.([a-z_]+)\\.([a-z_]+)").matcher(String.join("\n", TerraformModule.strings(Map.of(
        "modules", calls, "outputs", example.blocks("output"))).toList()));
    int references = 0;
    while (reference.find()) {
      references++;
      String callee = reference.group(1);
      assertTrue(calls.containsKey(callee), "no module " + callee);
      TerraformModule module = TerraformModule.read(EXAMPLE.resolve(String.valueOf(calls.get(callee).get("source"))).normalize());
      assertTrue(module.blocks("output").containsKey(reference.group(2)), "module " + callee + " has no output " + reference.group(2));
    }
    assertTrue(references >= 10, "the modules are wired through their outputs");

    String workerImage = String.valueOf(calls.get("scheduler").get("worker_image"));
    assertEquals("module.registry.repository_url/traumaflow-worker-gpu:var.image_tag", workerImage);
    assertTrue(buildScript().contains("worker_image=\"$registry/traumaflow-worker-gpu:$TAG\""), "build.sh pushes the worker image under that name");
  }

  @Test
  void theSchedulerRefusesParametersWithoutTheScoreTemplatesRequiredOnesAndTheExampleGivesThem() throws IOException {
    Set<String> all = new TreeSet<>();
    Set<String> required = new TreeSet<>();
    for (JsonNode parameter : new ObjectMapper().readTree(Path.of("templates/score/metadata.json").toFile()).get("parameters")) {
      all.add(parameter.get("name").asText());
      if (!parameter.get("isOptional").asBoolean()) {
        required.add(parameter.get("name").asText());
      }
    }
    // The parser evaluates the condition, so its text is read from the file.
    String variables = Files.readString(TERRAFORM.resolve("modules/scheduler/variables.tf"));
    Matcher names = Pattern.compile("setsubtract\\(\\[([^\\]]*)\\], keys\\(var\\.parameters\\)\\)").matcher(variables);
    assertTrue(names.find(), "the parameters' validation lists the required names");
    Set<String> checked = new TreeSet<>();
    for (String name : names.group(1).split(",")) {
      checked.add(name.trim().replace("\"", ""));
    }
    assertEquals(required, checked, "the scheduler's check names exactly the score template's required parameters");

    Map<String, Object> example = TerraformModule.map(TerraformModule.parseFile(EXAMPLE.resolve("terraform.tfvars.example")).get("template_parameters"));
    assertTrue(example.keySet().containsAll(required), "the example sets every required parameter: " + example.keySet());
    assertTrue(all.containsAll(example.keySet()), "the example sets only parameters of the score template: " + example.keySet());
  }

  /** build.sh's template spec path, with its bucket and template name put in. */
  private static String publishedTemplatePath(String bucket, String template) throws IOException {
    Matcher line = Pattern.compile("\ntemplate_path=\"([^\"]+)\"\n").matcher(buildScript());
    assertTrue(line.find(), "build.sh sets template_path");
    return line.group(1).replace("$ARTIFACTS_BUCKET", bucket).replace("$template", template);
  }

  private static String buildScript() throws IOException {
    return Files.readString(Path.of("templates/build.sh"));
  }

  private static List<TerraformModule> modules() throws IOException {
    List<TerraformModule> modules = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(TERRAFORM.resolve("modules"))) {
      dirs.sorted().forEach(dir -> modules.add(TerraformModule.read(dir)));
    }
    modules.add(TerraformModule.read(EXAMPLE));
    return modules;
  }
}
