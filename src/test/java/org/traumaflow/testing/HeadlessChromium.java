package org.traumaflow.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Debian's headless Chromium, to check that an HTML file renders as a browser sees it. */
public final class HeadlessChromium {
  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 60;

  private HeadlessChromium() {}

  /** Fails the calling test, with the package to install, when Debian's {@code chromium} is not installed. */
  public static void requireInstalled() {
    ReferenceTools.requireTool(BINARY.toString());
  }

  /** The DOM after the page has loaded and run. */
  public static String dumpDom(Path html, Path scratch) throws IOException, InterruptedException {
    Path out = scratch.resolve("dom.html");
    run(scratch, out, "--dump-dom", html.toUri().toString());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /**
   * The natural width of each image on the page once it has loaded, in document order: 0 for an
   * image the browser could not load or decode. Chromium loads a copy of the page with a probe
   * script appended, so the page itself needs no script.
   */
  public static List<Integer> imageWidths(Path html, Path scratch) throws IOException, InterruptedException {
    Path probed = scratch.resolve("probed-" + html.getFileName());
    Files.writeString(probed, Files.readString(html, StandardCharsets.UTF_8) + "<script>addEventListener('load', () => {"
        + "const p = document.createElement('pre'); p.id = 'image-widths';"
        + "p.textContent = '[' + Array.from(document.images, i => i.naturalWidth).join(',') + ']';"
        + "document.body.appendChild(p); });</script>", StandardCharsets.UTF_8);
    Matcher widths = Pattern.compile("<pre id=\"image-widths\">\\[([0-9,]*)]</pre>").matcher(dumpDom(probed, scratch));
    if (!widths.find()) {
      throw new IOException("the probe in " + probed + " did not run");
    }
    return widths.group(1).isEmpty() ? List.of() : Arrays.stream(widths.group(1).split(",")).map(Integer::valueOf).toList();
  }

  /** A PNG screenshot of the page at {@code width x height}. */
  public static Path screenshot(Path html, Path png, int width, int height, Path scratch) throws IOException, InterruptedException {
    run(scratch, scratch.resolve("screenshot.log"), "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
        "--hide-scrollbars", html.toUri().toString());
    return png;
  }

  /**
   * A screenshot as {@link #screenshot} takes it, kept as {@code png} with a copy of the page
   * beside it (for the docs' screenshots), failing the calling test when it is not
   * {@code width} pixels wide or is all one colour: a page that did not render.
   */
  public static Path keptScreenshot(Path html, Path png, int width, int height, Path scratch) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.copy(html, png.resolveSibling(html.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    BufferedImage image = ImageIO.read(screenshot(html, png, width, height, scratch).toFile());
    assertEquals(width, image.getWidth(), "the screenshot's width");
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight() && colours.size() < 2; y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 1, "the screenshot of " + html + " is one colour");
    return png;
  }

  private static void run(Path scratch, Path stdout, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--user-data-dir=" + scratch.resolve("profile").toAbsolutePath()));
    command.addAll(List.of(args));
    Path stderr = scratch.resolve("chromium.err");
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IOException("chromium exited " + process.exitValue() + ": " + Files.readString(stderr));
    }
  }
}
