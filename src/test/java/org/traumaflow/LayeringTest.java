package org.traumaflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture of README.md, checked on the sources: every package of {@code src/main} sits
 * in one layer, and a class imports only from its own package and from lower layers, so the
 * dependencies point one way (cli -> pipelines -> domain -> storage). Beam and Flink stay above
 * the domain.
 */
class LayeringTest {
  private static final String ROOT = "org.traumaflow.";

  /**
   * Lowest first. A package may import from the layers before its own; two packages of one layer
   * do not import each other.
   */
  private static final List<Set<String>> LAYERS = List.of(
      Set.of("storage", "engine", "nn", "model.statedict", "dicom.data"),
      Set.of("dicom.codec", "label", "spec"),
      Set.of("dicom.codec.jpeg", "dicom.codec.jpeg2000", "dicom.codec.rle", "metric"),
      Set.of("dicom"),
      Set.of("dicomweb", "nifti", "preprocess"),
      Set.of("seg", "synth"),
      Set.of("sequence"),
      Set.of("model"),
      Set.of("zoo"),
      Set.of("ensemble"),
      Set.of("ledger"),
      Set.of("report"),
      Set.of("pipeline.common"),
      Set.of("pipeline.common.coders"),
      Set.of("pipeline.series"),
      Set.of("pipeline.preprocess"),
      Set.of("pipeline.volumes"),
      Set.of("pipeline.score", "pipeline.train"),
      Set.of("bench"),
      Set.of("cli"));

  /** The runners' APIs, which only the pipelines and the commands that launch them use. */
  private static final List<String> RUNNER_APIS = List.of("org.apache.beam.", "org.apache.flink.");
  private static final Set<String> MAY_USE_RUNNERS = Set.of("bench", "cli");

  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);

  /** One Java source: its package and what it imports. */
  record Source(String file, String packageName, List<String> imports) {
    static Source read(Path file) {
      try {
        String text = Files.readString(file);
        Matcher pkg = PACKAGE.matcher(text);
        List<String> imports = new ArrayList<>();
        for (Matcher m = IMPORT.matcher(text); m.find(); ) {
          imports.add(m.group(1));
        }
        return new Source(file.toString(), pkg.find() ? pkg.group(1) : "", imports);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void everyImportPointsToItsOwnPackageOrALowerLayer() throws IOException {
    List<Source> sources = mainSources();
    assertTrue(sources.size() > 300, "read the sources of src/main: " + sources.size());
    assertEquals(List.of(), violations(sources));
  }

  @Test
  void everyPackageSitsInALayerAndSaysWhatItHolds() throws IOException {
    Set<String> packages = mainSources().stream().map(s -> local(s.packageName())).collect(Collectors.toCollection(TreeSet::new));
    Set<String> placed = LAYERS.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(placed, packages, "the layers name exactly the packages of src/main");
    for (String pkg : packages) {
      Path info = Path.of("src/main/java", (ROOT + pkg).replace('.', '/'), "package-info.java");
      assertTrue(Files.exists(info), "no " + info);
      assertTrue(Files.readString(info).contains("/**"), info + " says what the package holds");
    }
  }

  @Test
  void anUpwardImportOrABeamImportInTheDomainIsReported() {
    Source upward = new Source("seg/Upward.java", ROOT + "seg", List.of(ROOT + "pipeline.score.ScorePipeline", ROOT + "dicom.CtSeries"));
    Source sideways = new Source("nifti/Sideways.java", ROOT + "nifti", List.of(ROOT + "preprocess.PreparedSeries"));
    Source beam = new Source("model/Beamy.java", ROOT + "model", List.of("org.apache.beam.sdk.Pipeline", "java.util.List"));
    Source fine = new Source("cli/Fine.java", ROOT + "cli", List.of(ROOT + "pipeline.score.ScorePipeline", "org.apache.beam.sdk.Pipeline"));
    assertEquals(List.of(
            "seg/Upward.java: seg imports org.traumaflow.pipeline.score.ScorePipeline of a higher layer",
            "nifti/Sideways.java: nifti imports org.traumaflow.preprocess.PreparedSeries of its own layer",
            "model/Beamy.java: model imports the runner API org.apache.beam.sdk.Pipeline"),
        violations(List.of(upward, sideways, beam, fine)));
  }

  static List<String> violations(List<Source> sources) {
    Map<String, Integer> layerOf = new TreeMap<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      for (String pkg : LAYERS.get(i)) {
        layerOf.put(pkg, i);
      }
    }
    List<String> found = new ArrayList<>();
    for (Source source : sources) {
      String from = local(source.packageName());
      Integer own = layerOf.get(from);
      for (String imported : source.imports()) {
        if (RUNNER_APIS.stream().anyMatch(imported::startsWith) && !from.startsWith("pipeline.") && !MAY_USE_RUNNERS.contains(from)) {
          found.add(source.file() + ": " + from + " imports the runner API " + imported);
        }
        if (!imported.startsWith(ROOT)) {
          continue;
        }
        String to = packageOf(imported, layerOf.keySet());
        if (to == null || to.equals(from) || own == null) {
          continue;
        }
        int theirs = layerOf.get(to);
        if (theirs > own) {
          found.add(source.file() + ": " + from + " imports " + imported + " of a higher layer");
        } else if (theirs == own) {
          found.add(source.file() + ": " + from + " imports " + imported + " of its own layer");
        }
      }
    }
    return found;
  }

  /** The longest known package that {@code imported} (a class, or a static member) lies in. */
  private static String packageOf(String imported, Set<String> packages) {
    String name = local(imported);
    String best = null;
    for (String pkg : packages) {
      boolean inside = name.startsWith(pkg + ".") && Character.isUpperCase(name.charAt(pkg.length() + 1));
      if (inside && (best == null || pkg.length() > best.length())) {
        best = pkg;
      }
    }
    return best;
  }

  private static String local(String packageName) {
    return packageName.startsWith(ROOT) ? packageName.substring(ROOT.length()) : packageName;
  }

  private static List<Source> mainSources() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      return files.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).sorted().map(Source::read).toList();
    }
  }
}
