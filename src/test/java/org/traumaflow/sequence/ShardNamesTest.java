package org.traumaflow.sequence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shard folders come from series ids, which come from folder names a hospital export chose. */
class ShardNamesTest {

  @Test
  void aPlainDescriptionIsTheShardsName() {
    assertEquals("shards/p10004-s21057-ours-w0", SequenceDatasetFormat.shardFolderFor("p10004-s21057-ours-w0"));
  }

  @Test
  void pathCharactersNeverLeaveTheShardsFolderAndNamesStayDistinct() {
    String escaping = SequenceDatasetFormat.shardFolderFor("p1-s../../etc/passwd-ours-w0");
    String spaced = SequenceDatasetFormat.shardFolderFor("p1-s1.2 3-ours-w0");
    String underscored = SequenceDatasetFormat.shardFolderFor("p1-s1.2_3-ours-w0");
    for (String folder : new String[] {escaping, spaced}) {
      assertTrue(folder.matches("shards/[A-Za-z0-9._-]+"), folder);
      assertTrue(SequenceDatasetFormat.isShardFolder(folder), folder);
    }
    assertNotEquals(spaced, underscored, "two series that differ only in a replaced character keep separate shards");
    assertTrue(SequenceDatasetFormat.shardFolderFor("x".repeat(300)).length() <= "shards/".length() + 100);
  }
}
