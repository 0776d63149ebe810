package org.traumaflow.testing;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What a pom.xml says about the build, for tests that check files which must agree with it. */
public final class MavenPom {
  private final Document pom;

  private MavenPom(Document pom) {
    this.pom = pom;
  }

  public static MavenPom read(Path file) {
    try {
      return new MavenPom(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile()));
    } catch (Exception e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  /** A property of the project's own {@code <properties>}. */
  public String property(String name) {
    return child((Element) pom.getElementsByTagName("properties").item(0), name);
  }

  /** A property as the profile {@code id} sets it, or the project's when the profile leaves it. */
  public String property(String name, String profile) {
    NodeList profiles = pom.getElementsByTagName("profile");
    for (int i = 0; i < profiles.getLength(); i++) {
      Element candidate = (Element) profiles.item(i);
      if (child(candidate, "id").equals(profile)) {
        Element properties = (Element) candidate.getElementsByTagName("properties").item(0);
        String value = properties == null ? null : childOrNull(properties, name);
        return value == null ? property(name) : value;
      }
    }
    throw new AssertionError("no profile " + profile);
  }

  /** The file name of the shaded jar {@code mvn package} attaches. */
  public String bundledJar() {
    Element project = pom.getDocumentElement();
    return child(project, "artifactId") + "-" + child(project, "version") + "-"
        + pom.getElementsByTagName("shadedClassifierName").item(0).getTextContent().trim() + ".jar";
  }

  private static String child(Element parent, String name) {
    String value = childOrNull(parent, name);
    if (value == null) {
      throw new AssertionError("no <" + name + "> in <" + parent.getNodeName() + ">");
    }
    return value;
  }

  private static String childOrNull(Element parent, String name) {
    for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child.getNodeName().equals(name)) {
        return child.getTextContent().trim();
      }
    }
    return null;
  }
}
