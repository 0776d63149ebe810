package org.traumaflow.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.traumaflow.ensemble.EnsembleSpec;
import org.traumaflow.pipeline.series.PreprocessSpec;
import org.traumaflow.pipeline.train.TrainSpec;
import org.traumaflow.storage.AtomicFiles;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/**
 * Renders {@code docs/cli.md}, the configuration reference, from the code itself: every
 * subcommand and option from the picocli model, every spec key from the spec records. A plain
 * {@code main} rather than a hidden {@code traumaflow reference} subcommand, because users never
 * need it at run time and a subcommand would have to leave itself out of the reference it writes;
 * the dependency plugin gives it the classpath, offline too (the exec plugin is not cached here).
 * {@code CliReferenceTest} fails when the committed file differs from a fresh rendering.
 */
public final class CliReference {
  /** The command that rewrites the committed reference; the drift test's message names it. */
  static final String REGENERATE = "mvn -q compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt && "
      + "java -cp \"target/classes:$(cat target/classpath.txt)\" org.traumaflow.cli.CliReference docs/cli.md";

  private CliReference() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: CliReference OUTPUT.md");
    }
    AtomicFiles.write(Path.of(args[0]), render().getBytes(StandardCharsets.UTF_8));
  }

  static String render() {
    CommandLine root = new CommandLine(new TraumaflowCommand());
    StringBuilder md = new StringBuilder();
    md.append("# `traumaflow` command line and spec reference\n\n")
        .append("Generated from the code by `org.traumaflow.cli.CliReference`; do not edit by hand. Regenerate with\n\n")
        .append("```\n").append(REGENERATE).append("\n```\n\n")
        .append("`CliReferenceTest` fails when this file and the code disagree.\n\n")
        .append("## Commands\n\n");
    command(md, root);
    root.getSubcommands().values().forEach(sub -> command(md, sub));
    md.append("## Spec files (`pipelines/*.yaml`)\n\n")
        .append("Specs are read strictly: an unknown key, a missing required key or a wrong type is an error naming the file. ")
        .append("`[]` marks the items of a list. The descriptions are the comments of the commented spec named in each heading.\n\n");
    spec(md, "Preprocessing (`preprocess.yaml`)", "`preprocess`, `train-segmentation`, `make-volumes`, `score` (`--spec`)",
        PreprocessSpec.class, "preprocess.yaml");
    spec(md, "Training zoo (`train-zoo.yaml`)", "`train` (`--spec`)", TrainSpec.class, "train-zoo.yaml");
    spec(md, "Ensemble (`ensemble.yaml`)", "`tune-ensemble` (`--spec`, `--output`), `score` (`--ensemble`)",
        EnsembleSpec.class, "ensemble.yaml");
    return md.toString();
  }

  private static void command(StringBuilder md, CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    md.append("### `").append(spec.qualifiedName()).append("`\n\n")
        .append(String.join(" ", spec.usageMessage().description())).append("\n\n");
    List<PositionalParamSpec> positionals = spec.positionalParameters();
    if (!positionals.isEmpty()) {
      md.append("| parameter | description |\n|---|---|\n");
      positionals.forEach(p -> md.append("| `").append(p.paramLabel()).append("` | ").append(cell(description(p.description(), p.defaultValue())))
          .append(" |\n"));
      md.append('\n');
    }
    md.append("| option | parameter | default | required | description |\n|---|---|---|---|---|\n");
    spec.options().stream().sorted(Comparator.comparing(OptionSpec::longestName)).forEach(option -> md.append("| `")
        .append(String.join("`, `", option.names())).append("` | ")
        .append(option.arity().max() == 0 ? "" : "`" + option.paramLabel() + "`").append(" | ")
        .append(option.defaultValue() == null ? "" : "`" + option.defaultValue() + "`").append(" | ")
        .append(required(option)).append(" | ")
        .append(cell(description(option.description(), option.defaultValue()))).append(" |\n"));
    if (spec.unmatchedArgsBindings().isEmpty()) {
      md.append('\n');
    } else {
      md.append("\nAny other `--name=value` is a Beam pipeline option (`--runner=FlinkRunner`, `--flinkMaster=HOST:PORT`, ")
          .append("`--parallelism=N`, Dataflow's options, ...) and is passed to the pipeline unchanged.\n\n");
    }
  }

  /** "yes", "no", or for options that exclude each other (--input, --dicomweb), which of them one must give. */
  private static String required(OptionSpec option) {
    ArgGroupSpec group = option.group();
    if (group == null || !group.exclusive()) {
      return option.required() ? "yes" : "no";
    }
    return group.multiplicity().min() == 0 ? "no"
        : "one of " + group.options().stream().map(o -> "`" + o.longestName() + "`").collect(Collectors.joining(", "));
  }

  private static void spec(StringBuilder md, String title, String usedBy, Class<? extends Record> record, String file) {
    md.append("### ").append(title).append("\n\nUsed by ").append(usedBy).append(". Record: `").append(record.getName())
        .append("`.\n\n").append(SpecKeys.table(record, file)).append('\n');
  }

  /** An option's description lines as one, with picocli's {@code ${DEFAULT-VALUE}} filled in as help shows it. */
  private static String description(String[] lines, String defaultValue) {
    return String.join(" ", lines).replace("${DEFAULT-VALUE}", String.valueOf(defaultValue));
  }

  /** Text made safe for one Markdown table cell. */
  static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
