package org.traumaflow.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.pipeline.score.ScoreOptions;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.train.TrainOptions;
import org.traumaflow.pipeline.train.TrainSegmentationOptions;
import org.traumaflow.testing.MavenPom;

/**
 * Every Flex Template under templates/ against the code it launches: its parameters are the
 * pipeline's options (names, help texts, which are required, values its regexes accept), and its
 * launcher image runs the jar the build makes with a main class that takes those options.
 * A new template is a folder under templates/ and a row in {@link #OPTIONS}.
 */
class FlexTemplatesTest {
  /** Template folder -> the options interface its main class parses. */
  private static final Map<String, Class<? extends PipelineOptions>> OPTIONS = Map.of(
      "preprocess", PreprocessOptions.class,
      "make-volumes", PreprocessOptions.class,
      "score", ScoreOptions.class,
      "train", TrainOptions.class,
      "train-segmentation", TrainSegmentationOptions.class);

  private static final Path TEMPLATES = Path.of("templates");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MavenPom POM = MavenPom.read(Path.of("pom.xml"));

  static Stream<String> templates() {
    return OPTIONS.keySet().stream().sorted();
  }

  @Test
  void everyTemplateFolderHasARowInTheTableAndEveryRowAFolder() throws IOException {
    Set<String> folders = new TreeSet<>();
    try (Stream<Path> children = Files.list(TEMPLATES)) {
      children.filter(p -> Files.isRegularFile(p.resolve("metadata.json"))).forEach(p -> folders.add(p.getFileName().toString()));
    }
    assertEquals(new TreeSet<>(OPTIONS.keySet()), folders);
  }

  @ParameterizedTest
  @MethodSource("templates")
  void everyParameterIsAPipelineOptionWithItsHelpAndEveryOptionIsAParameter(String template) throws Exception {
    Class<? extends PipelineOptions> options = OPTIONS.get(template);
    JsonNode metadata = JSON.readTree(TEMPLATES.resolve(template).resolve("metadata.json").toFile());
    assertFalse(metadata.path("name").asText().isBlank(), template + ": name");
    assertFalse(metadata.path("description").asText().isBlank(), template + ": description");

    Set<String> parameters = new HashSet<>();
    for (JsonNode parameter : metadata.get("parameters")) {
      String name = parameter.get("name").asText();
      assertTrue(parameters.add(name), template + ": " + name + " appears twice");
      Method getter = getter(options, name);
      String where = template + "/" + name;
      assertFalse(parameter.path("label").asText().isBlank(), where + ": label");
      Description description = getter.getAnnotation(Description.class);
      if (description != null) {
        assertEquals(description.value(), parameter.get("helpText").asText(), where + ": help text is the option's description");
      }
      // An option required as one of a group (--input or --dicomweb) is optional on its own.
      Validation.Required rule = getter.getAnnotation(Validation.Required.class);
      boolean required = rule != null && rule.groups().length == 0;
      assertEquals(!required, parameter.get("isOptional").asBoolean(), where + ": optional exactly when the option is");
      assertTrue(parameter.get("regexes").size() > 0, where + ": a validation regex");
      String defaultValue = defaultValue(getter);
      for (JsonNode regex : parameter.get("regexes")) {
        Pattern pattern = Pattern.compile(regex.asText());
        if (defaultValue != null) {
          assertTrue(pattern.matcher(defaultValue).matches(), where + ": the option's default '" + defaultValue + "' fails " + regex);
        }
      }
    }
    for (Method method : ownOptions(options)) {
      String option = optionName(method);
      if (option != null) {
        assertTrue(parameters.contains(option), template + ": option " + option + " is not a template parameter");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("templates")
  void theLauncherImageRunsTheBuiltJarWithAMainThatTakesTheTemplatesOptions(String template) throws Exception {
    String dockerfile = Files.readString(TEMPLATES.resolve(template).resolve("Dockerfile"));
    String jar = POM.bundledJar();
    assertTrue(dockerfile.contains("\nFROM gcr.io/dataflow-templates-base/java17-template-launcher-base\n"), template + ": Java 17 launcher base");
    String classpath = env(dockerfile, "FLEX_TEMPLATE_JAVA_CLASSPATH");
    assertTrue(classpath.endsWith("/" + jar), template + ": classpath " + classpath + " is the bundled jar " + jar);
    assertTrue(dockerfile.contains("\nCOPY " + jar + " " + classpath + "\n"), template + ": copies the jar to the classpath");
    assertTrue(Files.readString(TEMPLATES.resolve("build.sh")).contains("jar=\"" + jar + "\""), "build.sh stages " + jar);
    assertStartsThroughEngineEnv(dockerfile, "/template/engine-env", "/opt/google/dataflow/java_template_launcher", template);
    assertTrue(dockerfile.contains("\nCOPY --from=openjpeg /usr/lib/x86_64-linux-gnu/libopenjp2.so.7 "), template + ": carries OpenJPEG for native JPEG 2000");

    Class<?> main = Class.forName(env(dockerfile, "FLEX_TEMPLATE_JAVA_MAIN_CLASS"));
    Method entry = main.getMethod("main", String[].class);
    assertTrue(Modifier.isStatic(entry.getModifiers()), main + ".main is static");
    assertTrue(Stream.of(main.getMethods()).anyMatch(run -> run.getName().equals("run") && Modifier.isStatic(run.getModifiers())
            && run.getReturnType() == PipelineResult.class && run.getParameterTypes()[0] == OPTIONS.get(template)),
        main + " has static PipelineResult run(" + OPTIONS.get(template).getSimpleName() + ", ...)");
  }

  @Test
  void theWorkerImageCarriesTheCudaLibtorchOfTheGpuBuildForThisBeamRelease() throws IOException {
    String dockerfile = Files.readString(TEMPLATES.resolve("worker/Dockerfile"));
    String natives = POM.property("pytorch.native.artifact", "gpu") + "-" + POM.property("pytorch.version", "gpu") + "-"
        + POM.property("pytorch.native.classifier", "gpu") + ".jar";
    assertTrue(dockerfile.contains("\nCOPY " + natives + " "), "copies " + natives);
    assertTrue(dockerfile.contains("\nFROM apache/beam_java17_sdk:" + POM.property("beam.version") + "\n"), "Beam's SDK image of this release");
    assertTrue(dockerfile.contains("PYTORCH_VERSION=" + POM.property("pytorch.version") + " "), "DJL told the libtorch version");
    assertTrue(Files.readString(TEMPLATES.resolve("build.sh")).contains("-DincludeArtifactIds=" + POM.property("pytorch.native.artifact", "gpu") + " "),
        "build.sh copies the gpu profile's native jar into the image");
    assertStartsThroughEngineEnv(dockerfile, "/opt/traumaflow/engine-env", "/opt/apache/beam/boot", "worker");
    assertTrue(dockerfile.contains("apt-get install -y --no-install-recommends libopenjp2-7 "), "installs OpenJPEG for native JPEG 2000");
  }

  /**
   * libtorch's CPU setting must be in a JVM's environment before it starts, so an image's entrypoint
   * is scripts/engine-env (which build.sh copies into every build context) running the image's own.
   */
  private static void assertStartsThroughEngineEnv(String dockerfile, String copiedTo, String entrypoint, String image) throws IOException {
    assertTrue(dockerfile.contains("\nCOPY engine-env " + copiedTo + "\n"), image + ": copies engine-env to " + copiedTo);
    assertTrue(dockerfile.contains("\nENTRYPOINT [\"" + copiedTo + "\", \"" + entrypoint + "\"]\n"), image + ": " + entrypoint + " starts through engine-env");
    String build = Files.readString(TEMPLATES.resolve("build.sh"));
    assertEquals(2, build.split("cp scripts/engine-env ", -1).length - 1, "build.sh copies engine-env into the worker's and the launcher's context");
  }

  private static Method getter(Class<?> options, String name) {
    String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (String prefix : new String[] {"get", "is"}) {
      try {
        return options.getMethod(prefix + suffix);
      } catch (NoSuchMethodException absent) {
        // try the other prefix
      }
    }
    throw new AssertionError(options.getSimpleName() + " has no option '" + name + "'");
  }

  /** The options TraumaFlow declares: the interface's and its TraumaFlow parents', not Beam's. */
  private static List<Method> ownOptions(Class<?> options) {
    List<Method> methods = new ArrayList<>(List.of(options.getDeclaredMethods()));
    for (Class<?> parent : options.getInterfaces()) {
      if (parent.getPackageName().startsWith("org.traumaflow")) {
        methods.addAll(ownOptions(parent));
      }
    }
    return methods;
  }

  private static String optionName(Method method) {
    Matcher getter = Pattern.compile("(?:get|is)([A-Z].*)").matcher(method.getName());
    if (method.getParameterCount() != 0 || !getter.matches()) {
      return null;
    }
    return Character.toLowerCase(getter.group(1).charAt(0)) + getter.group(1).substring(1);
  }

  private static String defaultValue(Method getter) {
    if (getter.isAnnotationPresent(Default.String.class)) {
      return getter.getAnnotation(Default.String.class).value();
    }
    if (getter.isAnnotationPresent(Default.Integer.class)) {
      return String.valueOf(getter.getAnnotation(Default.Integer.class).value());
    }
    if (getter.isAnnotationPresent(Default.Long.class)) {
      return String.valueOf(getter.getAnnotation(Default.Long.class).value());
    }
    if (getter.isAnnotationPresent(Default.Float.class)) {
      return String.valueOf(getter.getAnnotation(Default.Float.class).value());
    }
    if (getter.isAnnotationPresent(Default.Boolean.class)) {
      return String.valueOf(getter.getAnnotation(Default.Boolean.class).value());
    }
    return null;
  }

  private static String env(String dockerfile, String name) {
    Matcher env = Pattern.compile("\nENV " + name + "=\"?([^\"\n]+)\"?\n").matcher(dockerfile);
    assertTrue(env.find(), "ENV " + name);
    return env.group(1);
  }
}
