package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/cli.md is the code's own description of itself: any drift between them fails the build. */
class CliReferenceTest {

  @Test
  void theCommittedReferenceIsWhatTheCodeRenders() throws IOException {
    String committed = Files.readString(Path.of("docs/cli.md"), StandardCharsets.UTF_8);
    assertEquals(CliReference.render(), committed,
        "docs/cli.md is out of date with the commands or specs; regenerate it with\n  " + CliReference.REGENERATE + "\n");
  }

  @Test
  void everySubcommandAndSpecIsInTheReference() {
    String reference = CliReference.render();
    for (String name : new picocli.CommandLine(new TraumaflowCommand()).getSubcommands().keySet()) {
      assertTrue(reference.contains("### `traumaflow " + name + "`"), name);
    }
    assertTrue(reference.contains("| `sequences.samples_per_shard` | integer | yes | `16` |"), "preprocess.yaml keys with their values");
    assertTrue(reference.contains("| `models[].encoder` | string | yes | `efficientnet_v2_s` | resnet18 \\| resnet34 \\| efficientnet_v2_s \\| torchscript (encoder_path) |"),
        "list items and trailing comments");
  }

  @Test
  void commentsAttachToTheKeyBelowThemAndListItemsNest() {
    Map<String, YamlComments.Entry> entries = YamlComments.of("""
        # top of file

        # the section
        outer:
          inner: 3   # trailing
        items:
          - name: a
            runs:
              - {path: x}
          - name: b     # later items do not override the first
        """);
    assertEquals(new YamlComments.Entry("the section", ""), entries.get("outer"));
    assertEquals(new YamlComments.Entry("trailing", "3"), entries.get("outer.inner"));
    assertEquals(new YamlComments.Entry("", "a"), entries.get("items[].name"));
    assertEquals(new YamlComments.Entry("", ""), entries.get("items[].runs"));
    assertEquals(new YamlComments.Entry("", ""), entries.get("items"));
    assertEquals(5, entries.size(), entries.toString());
  }
}
