package org.traumaflow.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.traumaflow.label.PatientLabels;


/**
 * Decides, from the master seed alone and in a fixed order, every patient's and series' ids,
 * labels, phases and seeds. Rendering then depends only on each plan, so patients can be
 * generated in any order and on any number of threads with byte-identical results.
 */
final class DatasetPlanner {
  /** The share of series with incomplete_organ = 1 in the real train_series_meta.csv. */
  static final double INCOMPLETE_RATE = 0.066;
  /** The share of patients with two series in the real data (1,564 of 3,147). */
  static final double TWO_SERIES_RATE = 0.5;
  /** The share of training series given a segmentation (the real data has 206 of 4,711; more help stage 1). */
  static final double SEGMENTATION_RATE = 0.5;

  private DatasetPlanner() {}

  /** Training patients first, then test patients, each group in ascending patient id. */
  static List<PatientPlan> plan(SynthConfig config) {
    int total = config.patients() + config.testPatients();
    Rng ids = new Rng(Rng.derive(config.seed(), 0));
    List<Integer> patientIds = distinct(ids, total, 10_000, 65_535);
    // Series ids come from one pool so they are unique across the dataset, like the real ones.
    TreeSet<Integer> usedSeries = new TreeSet<>();
    LabelSampler sampler = new LabelSampler(config.balanced());
    List<PatientPlan> train = new ArrayList<>();
    List<PatientPlan> test = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      boolean isTrain = i < config.patients();
      Rng rng = new Rng(Rng.derive(config.seed(), 1, i));
      PatientLabels labels = sampler.sample(rng);
      long seed = rng.nextLong();
      int count = rng.chance(TWO_SERIES_RATE) ? 2 : 1;
      List<ContrastPhase> phases = count == 2
          ? List.of(ContrastPhase.PORTAL_VENOUS, ContrastPhase.ARTERIAL)
          : List.of(rng.chance(0.8) ? ContrastPhase.PORTAL_VENOUS : ContrastPhase.ARTERIAL);
      List<SeriesPlan> series = new ArrayList<>();
      for (ContrastPhase phase : phases) {
        int seriesId;
        do {
          seriesId = ids.between(1, 65_535);
        } while (!usedSeries.add(seriesId));
        series.add(new SeriesPlan(seriesId, phase, rng.chance(INCOMPLETE_RATE), isTrain && rng.chance(SEGMENTATION_RATE), rng.nextLong()));
      }
      series.sort((a, b) -> Integer.compare(a.seriesId(), b.seriesId()));
      PatientPlan plan = new PatientPlan(patientIds.get(i), isTrain, labels, seed, List.copyOf(series));
      (isTrain ? train : test).add(plan);
    }
    train.sort((a, b) -> Integer.compare(a.patientId(), b.patientId()));
    test.sort((a, b) -> Integer.compare(a.patientId(), b.patientId()));
    ensureOneSegmentation(train);
    List<PatientPlan> all = new ArrayList<>(train);
    all.addAll(test);
    return List.copyOf(all);
  }

  /** Every training set gets at least one segmentation, so stage 1 always has something to learn. */
  private static void ensureOneSegmentation(List<PatientPlan> train) {
    if (train.isEmpty() || train.stream().anyMatch(p -> p.series().stream().anyMatch(SeriesPlan::segmentation))) {
      return;
    }
    PatientPlan first = train.get(0);
    List<SeriesPlan> series = new ArrayList<>(first.series());
    SeriesPlan s = series.get(0);
    series.set(0, new SeriesPlan(s.seriesId(), s.phase(), s.incomplete(), true, s.seed()));
    train.set(0, new PatientPlan(first.patientId(), first.train(), first.labels(), first.seed(), List.copyOf(series)));
  }

  private static List<Integer> distinct(Rng rng, int count, int low, int high) {
    TreeSet<Integer> seen = new TreeSet<>();
    List<Integer> out = new ArrayList<>();
    while (out.size() < count) {
      int v = rng.between(low, high);
      if (seen.add(v)) {
        out.add(v);
      }
    }
    return out;
  }
}
