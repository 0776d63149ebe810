package org.traumaflow.cli;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's options as its pipeline's {@link PipelineOptions}: each flag is the kebab-case
 * spelling of the Beam option it sets ({@code --segmentation-model} sets {@code segmentationModel}),
 * so a flag is declared once, in the command, and reaches the pipeline by its name. Flags with no
 * such option (a command's own, e.g. {@code --plan}) stay with the command; a path reaches the
 * workers absolute, since they do not share the launcher's working folder. The command's unmatched
 * arguments (runner options) are passed on unchanged.
 */
final class PipelineArguments {
  private PipelineArguments() {}

  /** The pipeline's options from {@code command}'s flags and {@code beamArguments}, validated as the pipeline requires. */
  static <T extends PipelineOptions> T validated(CommandSpec command, List<String> beamArguments, Class<T> type) {
    return parse(command, beamArguments, type, true);
  }

  /** As {@link #validated}, without Beam's check that required options are given (for a command that launches nothing). */
  static <T extends PipelineOptions> T unvalidated(CommandSpec command, List<String> beamArguments, Class<T> type) {
    return parse(command, beamArguments, type, false);
  }

  /** {@code command}'s flags that set an option of {@code type}, as Beam arguments; an unset flag is left to the option's default. */
  static List<String> of(CommandSpec command, Class<? extends PipelineOptions> type) {
    Set<String> properties = properties(type);
    List<String> args = new ArrayList<>();
    for (OptionSpec option : command.options()) {
      String property = property(option);
      Object value = option.getValue();
      if (properties.contains(property) && value != null) {
        args.add("--" + property + "=" + (value instanceof Path path ? path.toAbsolutePath() : value));
      }
    }
    return args;
  }

  /** The Beam option a flag sets, if its pipeline has one by that name: {@code --dicomweb-ca-file} is {@code dicomwebCaFile}. */
  static String property(OptionSpec option) {
    String[] words = option.longestName().replaceFirst("^--", "").split("-");
    return words[0] + Stream.of(words).skip(1).map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1)).collect(Collectors.joining());
  }

  /**
   * The options {@code type} declares itself and inherits from this project's interfaces; Beam's
   * own ({@code runner}, {@code jobName}, ...) are never a command's flags.
   */
  static Set<String> properties(Class<? extends PipelineOptions> type) {
    return Stream.of(type.getMethods())
        .filter(m -> m.getDeclaringClass().getPackageName().startsWith("org.traumaflow"))
        .map(PipelineArguments::getterProperty)
        .flatMap(Optional::stream)
        .collect(Collectors.toSet());
  }

  private static Optional<String> getterProperty(Method method) {
    String name = method.getName();
    if (method.getParameterCount() == 0 && name.startsWith("get") && name.length() > 3) {
      return Optional.of(Introspector.decapitalize(name.substring(3)));
    }
    return Optional.empty();
  }

  private static <T extends PipelineOptions> T parse(CommandSpec command, List<String> beamArguments, Class<T> type, boolean validate) {
    List<String> args = new ArrayList<>(beamArguments);
    args.addAll(of(command, type));
    try {
      PipelineOptionsFactory.Builder builder = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new));
      return (validate ? builder.withValidation() : builder).as(type);
    } catch (IllegalArgumentException badOption) {
      throw new UserInputException(badOption.getMessage());
    }
  }
}
