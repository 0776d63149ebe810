package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.testing.ReferenceTools;

/**
 * get_volume_data(step=100, stride=2, stride_cutoff=400), then the first 96 slices of each
 * window. Expected indices are worked out by hand from METHOD.md and the method's code.
 */
class SliceSelectionTest {
  private static final SequenceConfig METHOD = SequenceConfig.method();

  static Stream<Arguments> sliceCounts() {
    return Stream.of(
        // fewer than 100: one window resampled to 100 rows, row k = int(k * 0.01 * n)
        Arguments.of(50, List.of(halvesWithTheFloatQuirk())),
        // k * 99 / 100 = k - k/100: row k-1 for k >= 1, and row 0 twice at the start
        Arguments.of(99, List.of(IntStream.range(0, 96).map(k -> Math.max(0, k - 1)).toArray())),
        Arguments.of(100, List.of(run(0, 1))),
        // one full window, then the last 100 (1..100)
        Arguments.of(101, List.of(run(0, 1), run(1, 1))),
        Arguments.of(250, List.of(run(0, 1), run(100, 1), run(150, 1))),
        Arguments.of(399, List.of(run(0, 1), run(100, 1), run(200, 1), run(299, 1))),
        // a multiple of 100: no extra last window repeating the fourth
        Arguments.of(400, List.of(run(0, 1), run(100, 1), run(200, 1), run(300, 1))),
        // over 400: every 2nd slice, 201 rows (slices 0..400): rows 0..99, 100..199, last 101..200
        Arguments.of(401, List.of(run(0, 2), run(200, 2), run(202, 2))),
        // 500 rows: five windows of 100 rows (200 slices), no last window
        Arguments.of(1000, List.of(run(0, 2), run(200, 2), run(400, 2), run(600, 2), run(800, 2))));
  }

  @ParameterizedTest(name = "{0} slices")
  @MethodSource("sliceCounts")
  void windowsTakeTheSlicesTheMethodTakes(int slices, List<int[]> expected) {
    List<SliceSelection.Window> windows = SliceSelection.windows(slices, METHOD);
    assertEquals(expected.size(), windows.size(), "windows");
    for (int w = 0; w < expected.size(); w++) {
      assertEquals(w, windows.get(w).index());
      assertArrayEquals(expected.get(w), windows.get(w).sourceSlices(), "window " + w);
    }
  }

  @Test
  void aStepIsThreeConsecutiveSlicesLabelledByTheMiddleOne() {
    SliceSelection.Window window = SliceSelection.windows(250, METHOD).get(1);
    assertEquals(100, window.slice(0, 0));
    assertEquals(101, window.slice(0, 1));
    assertEquals(102, window.slice(0, 2));
    assertEquals(101, window.middleSlice(0));
    assertEquals(100 + 3 * 31 + 1, window.middleSlice(31));
  }

  /** Every count below 100 against numpy evaluating the code's arange expression itself. */
  @Test
  void resamplingMatchesNumpysArangeRounding() throws Exception {
    String counts = String.join(",", IntStream.range(1, 100).mapToObj(Integer::toString).toList());
    JsonNode reference = new ObjectMapper().readTree(ReferenceTools.python("reference/arange_resample.py", "100", counts));
    List<String> differing = new ArrayList<>();
    for (int n = 1; n < 100; n++) {
      int[] ours = SliceSelection.windows(n, METHOD).get(0).sourceSlices();
      JsonNode theirs = reference.get(Integer.toString(n));
      for (int k = 0; k < ours.length; k++) {
        if (ours[k] != theirs.get(k).asInt()) {
          differing.add(n + "[" + k + "]");
        }
      }
    }
    assertEquals(List.of(), differing);
  }

  @Test
  void aSeriesWithoutSlicesHasNoWindows() {
    assertThrows(IllegalArgumentException.class, () -> SliceSelection.windows(0, METHOD));
  }

  /** 96 slices from {@code first}, {@code by} apart. */
  private static int[] run(int first, int by) {
    return IntStream.range(0, 96).map(i -> first + i * by).toArray();
  }

  /**
   * n = 50: row k is k / 2, except that np.arange(0, 1, 0.01)[58] * 50 is 28.999999999999996 in
   * float64, which the code truncates to 28.
   */
  private static int[] halvesWithTheFloatQuirk() {
    int[] rows = IntStream.range(0, 96).map(k -> k / 2).toArray();
    rows[58] = 28;
    return rows;
  }
}
