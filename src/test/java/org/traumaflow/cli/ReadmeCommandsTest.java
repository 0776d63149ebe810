package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * Every {@code traumaflow ...} command in the fenced code blocks of README.md and docs/*.md parses
 * against the real command line (picocli's {@code parseArgs}, nothing runs): each option exists,
 * the required ones are there, and what a pipeline command passes on to Beam is a Beam option.
 * Placeholders such as DATA or RUNS stay as they are: every option they fill takes a path or a
 * string, and parsing never touches the file system.
 */
class ReadmeCommandsTest {

  @TestFactory
  Stream<DynamicTest> everyDocumentedCommandParses() throws IOException {
    return documentedCommands().stream().map(command -> DynamicTest.dynamicTest(command.toString(), () -> parse(command)));
  }

  @Test
  void theReadmesCommandsAreFound() throws IOException {
    long readme = documentedCommands().stream().filter(c -> c.file().equals(Path.of("README.md"))).count();
    // demo, two synth examples and the five real-data stages: fewer means the extraction broke.
    assertTrue(readme >= 8, "only " + readme + " commands found in README.md");
  }

  @Test
  void aWrongCommandIsCaughtForItsFault() {
    assertRejected("traumaflow tune-ensemble --registry R --truth T --output O --spek S", "Unknown options: '--spek'");
    // A pipeline command hands what it does not know to Beam, which refuses it there.
    assertRejected("./traumaflow train --spec pipelines/train-zoo.yaml --dataset DATASET --output RUNS", "Beam options [--dataset, DATASET]");
    assertRejected("traumaflow score --input DATA --output OUT", "Missing required options");
    assertRejected("traumaflow preprocess --input D --output O --runer=FlinkRunner", "runer");
  }

  private static void assertRejected(String text, String fault) {
    try {
      parse(new DocumentedCommands.Command(Path.of("test"), 1, text));
    } catch (AssertionError expected) {
      assertTrue(expected.getMessage().contains(fault), expected.getMessage());
      return;
    }
    fail("accepted: " + text);
  }

  private static List<DocumentedCommands.Command> documentedCommands() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    List<DocumentedCommands.Command> commands = new ArrayList<>();
    for (Path file : files) {
      commands.addAll(DocumentedCommands.in(file, Files.readString(file, StandardCharsets.UTF_8)));
    }
    return commands;
  }

  private static void parse(DocumentedCommands.Command command) {
    ParseResult result;
    try {
      result = new CommandLine(new TraumaflowCommand()).parseArgs(command.arguments());
    } catch (CommandLine.ParameterException wrong) {
      throw new AssertionError(command + ": " + wrong.getMessage(), wrong);
    }
    assertTrue(result.hasSubcommand(), command + ": no subcommand");
    List<String> beam = result.subcommand().unmatched();
    if (!beam.isEmpty()) {
      // Only pipeline commands collect unmatched arguments; Beam's strict parsing knows every
      // registered runner's options, so a misspelt --runer fails here as it would at run time.
      try {
        PipelineOptionsFactory.fromArgs(beam.toArray(String[]::new)).as(PipelineOptions.class);
      } catch (IllegalArgumentException wrong) {
        throw new AssertionError(command + ": Beam options " + beam + ": " + wrong.getMessage(), wrong);
      }
    }
    assertEquals(List.of(), Arrays.stream(command.arguments()).filter(a -> a.startsWith("[") || a.endsWith("]") && !a.contains("=")).toList(),
        command + ": synopsis brackets left over");
  }
}
