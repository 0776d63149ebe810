package org.traumaflow.ensemble;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.traumaflow.label.Grade;
import org.traumaflow.label.LabelTables;
import org.traumaflow.label.PatientLabels;
import org.traumaflow.storage.Sha256;
import org.traumaflow.zoo.RunRecord;
import org.traumaflow.zoo.ZooRegistry;

/**
 * A small zoo's out-of-fold predictions, made up from seeded labels: an organ model (2 folds x 2
 * seeds) and a bowel/extravasation model (2 folds x 1 seed), whose outputs lean towards the truth
 * with noise, as a weak trained model's do. Every third patient has two series ({@link #seriesOf}).
 */
final class OutOfFoldZoo {
  static final String ORGANS = "tiny-organs";
  static final String BOWEL = "tiny-bowel";

  final Map<Integer, PatientLabels> truth = new TreeMap<>();
  final List<RunRecord> runs = new ArrayList<>();

  OutOfFoldZoo(int patients, long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < patients; i++) {
      truth.put(100 + i, new PatientLabels(random.nextDouble() < 0.1, random.nextDouble() < 0.15, grade(random), grade(random), grade(random)));
    }
    for (int fold = 0; fold < 2; fold++) {
      for (long s = 1; s <= 2; s++) {
        runs.add(run(ORGANS, "organs", fold, s, random));
      }
      runs.add(run(BOWEL, "bowel_extravasation", fold, 1, random));
    }
  }

  ZooRegistry registry() throws IOException {
    return ZooRegistry.of(runs, Map.of(), truth);
  }

  /** A spec pinning every run by the hash the registry lists, the METHOD.md scaling. */
  EnsembleSpec spec() {
    List<EnsembleSpec.Member> members = new ArrayList<>();
    for (String model : List.of(ORGANS, BOWEL)) {
      List<EnsembleSpec.RunRef> refs = runs.stream().filter(r -> r.model().equals(model))
          .map(r -> new EnsembleSpec.RunRef(r.id(), r.files().get(EnsembleSpec.CHECKPOINT_PARAMETERS))).toList();
      members.add(new EnsembleSpec.Member(model, 1.0, "ours", model, refs, null, null, null));
    }
    return new EnsembleSpec(members, null, null);
  }

  Path writeTruth(Path file) throws IOException {
    StringBuilder csv = new StringBuilder(String.join(",", LabelTables.TRAIN_COLUMNS)).append('\n');
    truth.forEach((patient, labels) -> csv.append(patient).append(',')
        .append(labels.columns().stream().map(String::valueOf).collect(Collectors.joining(","))).append('\n'));
    return Files.writeString(file, csv);
  }

  /** The series ids of {@code patient}: two for every third patient, one for the others. */
  static List<String> seriesOf(int patient) {
    return patient % 3 == 0 ? List.of(patient + "1", patient + "2") : List.of(patient + "1");
  }

  private RunRecord run(String model, String task, int fold, long seed, Random random) {
    SortedMap<Integer, Map<String, Double>> predictions = new TreeMap<>();
    SortedMap<Integer, SortedMap<String, Map<String, Double>>> bySeries = new TreeMap<>();
    truth.forEach((patient, labels) -> {
      if (patient % 2 != fold) {
        return;
      }
      for (String series : seriesOf(patient)) {
        Map<String, Double> row = new TreeMap<>();
        if (task.equals("organs")) {
          organ(row, "liver", labels.liver(), random);
          organ(row, "spleen", labels.spleen(), random);
          organ(row, "kidney", labels.kidney(), random);
        } else {
          row.put("bowel", leaning(labels.bowelInjury(), random));
          row.put("extravasation", leaning(labels.extravasation(), random));
        }
        bySeries.computeIfAbsent(patient, p -> new TreeMap<>()).put(series, row);
        row.forEach((column, p) -> predictions.computeIfAbsent(patient, k -> new TreeMap<>()).merge(column, p, Math::max));
      }
    });
    String id = model + "/fold-" + fold + "-seed-" + seed;
    String parameters = Sha256.hex(id.getBytes(StandardCharsets.UTF_8));
    return new RunRecord(id, model, fold, seed, task, "ours", "/runs/" + id, List.of(), 10, 10, Double.NaN, Double.NaN, predictions,
        bySeries, new TreeMap<>(Map.of(EnsembleSpec.CHECKPOINT_PARAMETERS, parameters)));
  }

  private static void organ(Map<String, Double> row, String organ, Grade grade, Random random) {
    row.put(organ + "_injury", leaning(grade.injured(), random));
    row.put(organ + "_low", leaning(grade == Grade.LOW, random) * 0.6);
    row.put(organ + "_high", leaning(grade == Grade.HIGH, random) * 0.4);
  }

  /** A sigmoid-like output: higher when {@code positive}, never certain. */
  private static double leaning(boolean positive, Random random) {
    return Math.min(0.95, Math.max(0.01, (positive ? 0.35 : 0.08) + 0.25 * random.nextDouble()));
  }

  private static Grade grade(Random random) {
    double u = random.nextDouble();
    return u < 0.8 ? Grade.HEALTHY : u < 0.92 ? Grade.LOW : Grade.HIGH;
  }
}
