package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./traumaflow} launcher's build step, run as it is on a checkout whose {@code mvn} is a
 * stand-in that writes a tiny jar (a real shaded build takes minutes): the stand-in writes its
 * output where the launcher tells it, as the shade plugin does, and can stop half-way through.
 */
class LauncherTest {
  @TempDir Path checkout;
  private Path jar;
  private Path builtJar;
  private Path builds;

  @BeforeEach
  void aCheckoutWithAFakeMaven() throws Exception {
    Files.copy(Path.of("traumaflow"), checkout.resolve("traumaflow"));
    Files.createDirectories(checkout.resolve("scripts"));
    Files.copy(Path.of("scripts/engine-env"), checkout.resolve("scripts/engine-env"));
    Files.createDirectories(checkout.resolve("src/main"));
    Files.createDirectories(checkout.resolve("pipelines"));
    Files.writeString(checkout.resolve("pom.xml"), "<project/>");
    Files.writeString(checkout.resolve("src/main/Hello.java"),
        "public class Hello { public static void main(String[] a) { System.out.println(\"ran \" + String.join(\" \", a)); } }");
    builtJar = helloJar();
    builds = checkout.resolve("builds.log");
    Path bin = Files.createDirectories(checkout.resolve("bin"));
    // The stall only has to outlast the kill; a child of the killed build that outlives it keeps the
    // build lock, so the next call waits out the stall (it waited 120 s on a loaded machine).
    Files.writeString(bin.resolve("mvn"), """
        #!/usr/bin/env bash
        set -e
        for a in "$@"; do case "$a" in -Dtraumaflow.bundled.jar=*) out="${a#*=}";; esac; done
        out="${out:-target/traumaflow-0.1.0-SNAPSHOT-bundled.jar}"
        echo "$out" >> "$FAKE_BUILDS"
        size=$(stat -c %s "$FAKE_JAR")
        head -c $((size / 2)) "$FAKE_JAR" > "$out"
        if [ -n "${FAKE_STALL:-}" ]; then touch "$FAKE_STALL"; sleep 15; fi
        sleep "${FAKE_SECONDS:-0}"
        cat "$FAKE_JAR" > "$out"
        """);
    Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
    jar = checkout.resolve("target/traumaflow-0.1.0-SNAPSHOT-bundled.jar");
  }

  @Test
  void aFirstCallKilledWhileBuildingLeavesNoJarAndTheNextCallBuildsAndRuns() throws Exception {
    Path stalled = checkout.resolve("stalled");
    Process first = launcher(List.of("FAKE_STALL=" + stalled), "version");
    while (first.isAlive() && !Files.exists(stalled)) {
      Thread.sleep(20);
    }
    assertTrue(first.isAlive(), "the build was under way");
    first.descendants().forEach(ProcessHandle::destroyForcibly);
    first.destroyForcibly();
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertFalse(Files.exists(jar), "a half-written jar never has the name the launcher runs");

    Process second = launcher(List.of(), "version");
    assertEquals("ran version", output(second));
    assertArrayEquals(Files.readAllBytes(builtJar), Files.readAllBytes(jar));
    assertEquals(List.of(), leftovers(), "the killed build's temporary is gone");
  }

  @Test
  void aTruncatedJarNewerThanTheSourcesIsRebuiltNotRun() throws Exception {
    // What a killed `mvn package` (or a launcher before this fix) leaves behind.
    Files.createDirectories(jar.getParent());
    byte[] whole = Files.readAllBytes(builtJar);
    Files.write(jar, java.util.Arrays.copyOf(whole, whole.length / 2));
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

    assertEquals("ran score", output(launcher(List.of(), "score")));
    assertArrayEquals(whole, Files.readAllBytes(jar));
    assertEquals(1, Files.readAllLines(builds).size());
  }

  @Test
  void twoFirstCallsAtOnceBuildOnceAndBothRun() throws Exception {
    Process one = launcher(List.of("FAKE_SECONDS=2"), "one");
    Process two = launcher(List.of("FAKE_SECONDS=2"), "two");
    assertEquals("ran one", output(one));
    assertEquals("ran two", output(two));
    assertEquals(1, Files.readAllLines(builds).size(), "the second call waited for the first build and found the jar fresh");
    assertArrayEquals(Files.readAllBytes(builtJar), Files.readAllBytes(jar));
  }

  private Process launcher(List<String> env, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(checkout.resolve("traumaflow").toString()), Stream.of(args)).toList())
        .redirectErrorStream(true);
    builder.environment().put("PATH", checkout.resolve("bin") + ":" + System.getenv("PATH"));
    builder.environment().put("FAKE_JAR", builtJar.toString());
    builder.environment().put("FAKE_BUILDS", builds.toString());
    builder.environment().put("DJL_CACHE_DIR", checkout.resolve("djl").toString());
    for (String pair : env) {
      builder.environment().put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    return builder.start();
  }

  /** The last line a finished launcher printed (the build's notice comes first), after asserting it exited 0. */
  private static String output(Process process) throws Exception {
    String all = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), all);
    List<String> lines = all.lines().toList();
    return lines.get(lines.size() - 1);
  }

  private List<String> leftovers() throws IOException {
    try (Stream<Path> files = Files.list(jar.getParent())) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".jar") && !n.equals(jar.getFileName().toString())).toList();
    }
  }

  /** A runnable jar of the checkout's one class, what the stand-in build "builds". */
  private Path helloJar() throws IOException {
    Path classes = Files.createDirectories(checkout.resolve("classes"));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
        checkout.resolve("src/main/Hello.java").toString()));
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
    Path built = checkout.resolve("hello.jar");
    try (OutputStream file = Files.newOutputStream(built); JarOutputStream out = new JarOutputStream(file, manifest)) {
      out.putNextEntry(new JarEntry("Hello.class"));
      out.write(Files.readAllBytes(classes.resolve("Hello.class")));
      out.closeEntry();
    }
    // Older than the sources would make every call rebuild; the jars the build writes are newer than the sources.
    Files.setLastModifiedTime(checkout.resolve("src/main/Hello.java"), FileTime.from(Instant.now().minusSeconds(3600)));
    Files.setLastModifiedTime(checkout.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(3600)));
    return built;
  }
}
