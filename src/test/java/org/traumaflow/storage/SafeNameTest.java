package org.traumaflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNameTest {

  @Test
  void theCompetitionsIdsAreKeptAsTheyAre() {
    assertEquals("10004", SafeName.of("10004"));
    assertEquals("1.2.840.113619.2.55", SafeName.of("1.2.840.113619.2.55"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "../../x", "a/b", "/etc/passwd", "..\\..\\x", "", " ", ".hidden", "x\u0000y", "名前"})
  void anIdThatCouldLeaveTheFolderBecomesAnOrdinaryNameInsideIt(String id) {
    String name = SafeName.of(id);
    assertTrue(name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*"), name);
    Path folder = Path.of("/out/ledger");
    assertEquals(folder, folder.resolve(name).normalize().getParent(), name + " stays directly inside the folder");
  }

  @Test
  void idsThatDifferOnlyInReplacedCharactersStayApart() {
    assertNotEquals(SafeName.of("a/b"), SafeName.of("a_b"));
    assertNotEquals(SafeName.of("a b"), SafeName.of("a/b"));
    assertTrue(SafeName.of("x".repeat(300)).length() <= 100);
  }
}
