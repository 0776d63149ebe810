package org.traumaflow.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Node;

/**
 * The Flink cluster of scripts/flink-cluster loads Flink, SLF4J and DJL from its own lib/, ahead
 * of the job's copies: its versions must be the ones the job is built and tested with.
 */
class FlinkClusterJarsTest {

  @Test
  void theClusterRunsTheFlinkSlf4jAndDjlVersionsTheJobIsBuiltWith() throws Exception {
    Document project = read(Path.of("pom.xml"));
    Document cluster = read(Path.of("scripts/flink-cluster.pom.xml"));
    for (String property : new String[] {"djl.version", "pytorch.version", "slf4j.version", "pytorch.native.artifact"}) {
      assertEquals(property(project, property), property(cluster, property), property);
    }
    assertEquals(versionOnClasspath("flink-runtime"), property(cluster, "flink.version"),
        "the Flink that beam-runners-flink brings to the job");
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static String property(Document pom, String name) {
    Node properties = pom.getElementsByTagName("properties").item(0);
    for (Node child = properties.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeName().equals(name)) {
        return child.getTextContent().trim();
      }
    }
    throw new AssertionError("no property " + name);
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
