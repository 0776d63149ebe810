package org.traumaflow.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.traumaflow.engine.KnownAnswers.Case;
import org.traumaflow.engine.KnownAnswers.Summary;

class EngineSelfCheckTest {

  @Test
  void theEngineComputesTheReferencesAnswersOnThisMachine() {
    EngineSelfCheck.Outcome outcome = EngineSelfCheck.run(KnownAnswers.builtIn());
    assertEquals(List.of(), outcome.mismatches(), "test JVMs start through scripts/engine-env, so the engine must be right here");
    assertEquals(4, outcome.cases());
    assertTrue(outcome.describe().startsWith("passed: 4 blocks x 3 runs"), outcome.describe());
  }

  @Test
  void theBuiltInTableCoversTwoAndThreeDimensionalConvolutionsBatchNormAndAGru() {
    KnownAnswers answers = KnownAnswers.builtIn();
    List<String> kinds = answers.cases().stream().map(c -> c.kind() + "/" + (c.input().size() - 2)).toList();
    assertTrue(kinds.contains("conv_bn_relu/2") && kinds.contains("conv_bn_relu/3") && kinds.contains("gru/1"), kinds.toString());
    for (Case c : answers.cases()) {
      assertTrue(c.values().containsKey("output") && c.values().containsKey("input_gradient"), c.name() + " checks forward and backward");
      assertTrue(c.values().size() >= 5, c.name() + " checks every parameter's gradient");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "conv2d 12->5 3x3 + batch norm + ReLU, weight_gradient, sum",
      "conv3d 4->6 3x3x3 + batch norm + ReLU, input_gradient, weighted_sum",
      "conv3d 1->8 7x7x7 stride 2 + batch norm + ReLU, beta_gradient, abs_sum",
      "'GRU 6->4, 5 steps', hidden_weight_gradient, weighted_sum"})
  void aPerturbedExpectedValueFailsTheCheckNamingTheBlockAndTheQuantity(String caseName, String quantity, String statistic) {
    KnownAnswers perturbed = perturb(KnownAnswers.builtIn(), caseName, quantity, statistic);

    EngineSelfCheck.Outcome outcome = EngineSelfCheck.run(perturbed);

    assertFalse(outcome.passed());
    assertEquals(EngineSelfCheck.RUNS, outcome.mismatches().size(), "the one perturbed value fails every run, and nothing else fails");
    EngineSelfCheck.Mismatch first = outcome.mismatches().get(0);
    assertEquals(caseName, first.caseName());
    assertEquals(quantity, first.quantity());
    assertTrue(outcome.describe().startsWith("FAILED: " + caseName + ": " + quantity.replace('_', ' ')), outcome.describe());
  }

  /** The table with one statistic moved by ten times the tolerance. */
  static KnownAnswers perturb(KnownAnswers answers, String caseName, String quantity, String statistic) {
    List<Case> cases = new ArrayList<>();
    boolean found = false;
    for (Case c : answers.cases()) {
      Map<String, Summary> values = new LinkedHashMap<>(c.values());
      if (c.name().equals(caseName) && values.containsKey(quantity)) {
        Summary s = values.get(quantity);
        double shift = 10 * answers.relativeTolerance() * s.absSum();
        values.put(quantity, switch (statistic) {
          case "sum" -> new Summary(s.sum() + shift, s.absSum(), s.weightedSum());
          case "abs_sum" -> new Summary(s.sum(), s.absSum() + shift, s.weightedSum());
          case "weighted_sum" -> new Summary(s.sum(), s.absSum(), s.weightedSum() - shift);
          default -> throw new IllegalArgumentException(statistic);
        });
        found = true;
      }
      cases.add(new Case(c.name(), c.kind(), c.input(), c.channels(), c.kernel(), c.stride(), c.hidden(), values));
    }
    assertTrue(found, "no case " + caseName + " with " + quantity);
    return new KnownAnswers(answers.reference(), answers.relativeTolerance(), cases);
  }
}
