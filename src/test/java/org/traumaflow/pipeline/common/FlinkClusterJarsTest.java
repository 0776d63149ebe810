package org.traumaflow.pipeline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.traumaflow.testing.MavenPom;

/**
 * The Flink cluster of scripts/flink-cluster loads Flink, SLF4J and DJL from its own lib/, ahead
 * of the job's copies: its versions must be the ones the job is built and tested with.
 */
class FlinkClusterJarsTest {

  @Test
  void theClusterRunsTheFlinkSlf4jAndDjlVersionsTheJobIsBuiltWith() {
    MavenPom project = MavenPom.read(Path.of("pom.xml"));
    MavenPom cluster = MavenPom.read(Path.of("scripts/flink-cluster.pom.xml"));
    for (String property : new String[] {"djl.version", "pytorch.version", "slf4j.version", "pytorch.native.artifact"}) {
      assertEquals(project.property(property), cluster.property(property), property);
    }
    assertEquals(project.property("pytorch.native.artifact", "gpu"), cluster.property("pytorch.native.artifact", "gpu"), "with -Pgpu");
    assertEquals(versionOnClasspath("flink-runtime"), cluster.property("flink.version"), "the Flink that beam-runners-flink brings to the job");
  }

  private static String versionOnClasspath(String artifact) {
    Pattern jar = Pattern.compile(Pattern.quote(artifact) + "-([0-9][^/]*)\\.jar");
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> jar.matcher(Path.of(entry).getFileName().toString()))
        .filter(Matcher::matches)
        .map(m -> m.group(1))
        .findFirst()
        .orElseThrow(() -> new AssertionError(artifact + " is not on the classpath"));
  }
}
