package org.traumaflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.traumaflow.pipeline.score.ScoreOptions;
import org.traumaflow.pipeline.series.PreprocessOptions;
import org.traumaflow.pipeline.train.TrainOptions;
import org.traumaflow.pipeline.train.TrainSegmentationOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Every option of a pipeline can be set from the command that launches it: a flag maps to it by
 * name, or it is listed here as one a user gives as a Beam argument, with the reason. A new
 * pipeline option without a flag, or a flag renamed away from its option, fails here rather than
 * silently never reaching the pipeline.
 */
class PipelineArgumentsTest {
  private static final String WORKER_SCRATCH = "a worker's scratch folder: a runner setting, given as --workDir=...";

  static Stream<Arguments> commands() {
    return Stream.of(
        Arguments.of("preprocess", PreprocessOptions.class, Map.of()),
        Arguments.of("make-volumes", PreprocessOptions.class, Map.of(
            "dicomweb", "make-volumes reads the training split, which a DICOMweb service does not have",
            "dicomwebCredentials", "only with --dicomweb",
            "dicomwebCaFile", "only with --dicomweb",
            "masks", "the soft targets need the segmentation model's organ visibility")),
        Arguments.of("score", ScoreOptions.class, Map.of(
            "masks", "score crops with the segmentation model the members were trained with")),
        Arguments.of("train", TrainOptions.class, Map.of("workDir", WORKER_SCRATCH)),
        // train-segmentation trains in its own JVM; its flags are the template's options but for these.
        Arguments.of("train-segmentation", TrainSegmentationOptions.class, Map.of(
            "augment", "given inverted, as --no-augment",
            "workDir", WORKER_SCRATCH)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("commands")
  void everyPipelineOptionIsReachableFromItsCommand(String command, Class<? extends PipelineOptions> type, Map<String, String> notFlags) {
    Set<String> flags = command(command).options().stream().map(PipelineArguments::property).collect(Collectors.toSet());
    Set<String> unreachable = new TreeSet<>();
    for (String property : PipelineArguments.properties(type)) {
      boolean flag = flags.contains(property);
      assertFalse(flag && notFlags.containsKey(property), command + " --" + property + " is a flag now: take it off the list");
      if (!flag && !notFlags.containsKey(property)) {
        unreachable.add(property);
      }
    }
    assertEquals(Set.of(), unreachable, command + ": options of " + type.getSimpleName() + " no flag sets");
    assertTrue(PipelineArguments.properties(type).containsAll(notFlags.keySet()), "listed options that " + type.getSimpleName() + " lacks");
  }

  @Test
  void scoresFlagsReachTheScoringPipelineUnderTheirOptionsNames() {
    ScoreOptions options = options(ScoreOptions.class, "score", "--dicomweb", "http://pacs/dicom-web", "--dicomweb-credentials", "creds",
        "--dicomweb-ca-file", "ca.pem", "--output", "out", "--ensemble", "e.yaml", "--runs", "zoo", "--splits", "train",
        "--segmentation-model", "seg", "--spec", "p.yaml", "--patients", "1,2", "--limit", "3", "--rescore", "--truth", "t.csv",
        "--store-results", "folder", "--series-per-pass", "4", "--fail-on-dead-letters");
    assertEquals(List.of("http://pacs/dicom-web", "creds", "ca.pem", "out", "e.yaml", "zoo", "train", "seg", "p.yaml", "1,2", "t.csv", "folder"),
        List.of(options.getDicomweb(), options.getDicomwebCredentials(), options.getDicomwebCaFile(), options.getOutput(), options.getEnsemble(),
            options.getRuns(), options.getSplits(), options.getSegmentationModel(), options.getSpec(), options.getPatients(), options.getTruth(),
            options.getStoreResults()));
    assertEquals(3, options.getLimit());
    assertTrue(options.getRescore());
    assertFalse(options.getNoSegmentation());
    assertEquals(null, options.getInput());
  }

  @Test
  void flagsLeftOutKeepThePipelinesDefaults() {
    ScoreOptions options = options(ScoreOptions.class, "score", "--input", "data", "--output", "out", "--ensemble", "e.yaml", "--runs", "zoo");
    assertEquals(List.of("data", "test", "", ""), List.of(options.getInput(), options.getSplits(), options.getPatients(), options.getTruth()));
    assertEquals(0, options.getLimit());
    assertEquals(null, options.getSpec());
  }

  @Test
  void aPathReachesTheWorkersAbsolute() {
    PreprocessOptions options = options(PreprocessOptions.class, "preprocess", "--input", "data", "--output", "out", "--masks", "masks");
    assertEquals(Path.of("masks").toAbsolutePath().toString(), options.getMasks());
  }

  @Test
  void unmatchedArgumentsGoToBeamUnchangedAndABadOneIsTheUsersError() {
    CommandSpec train = parsed("train", "--spec", "t.yaml", "--output", "zoo", "--resume");
    TrainOptions options = PipelineArguments.validated(train, List.of("--workDir=/scratch"), TrainOptions.class);
    assertEquals(List.of("t.yaml", "zoo", "/scratch"), List.of(options.getSpec(), options.getOutput(), options.getWorkDir()));
    assertTrue(options.getResume());
    assertThrows(UserInputException.class, () -> PipelineArguments.validated(train, List.of("--noSuchOption=1"), TrainOptions.class));
  }

  private static <T extends PipelineOptions> T options(Class<T> type, String... args) {
    return PipelineArguments.validated(parsed(args), List.of(), type);
  }

  /** The subcommand's model after picocli parsed {@code args}, as a run would see it before its call. */
  private static CommandSpec parsed(String... args) {
    CommandLine root = new CommandLine(new TraumaflowCommand());
    root.parseArgs(args);
    return root.getSubcommands().get(args[0]).getCommandSpec();
  }

  private static CommandSpec command(String name) {
    return new CommandLine(new TraumaflowCommand()).getSubcommands().get(name).getCommandSpec();
  }
}
