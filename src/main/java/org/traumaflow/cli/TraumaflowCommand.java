package org.traumaflow.cli;

import java.io.PrintWriter;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicomweb.DicomwebException;
import org.traumaflow.label.LabelFileException;
import org.traumaflow.nifti.NiftiException;
import org.traumaflow.storage.OutputLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The single entry point: {@code traumaflow <subcommand> ...}. */
@Command(
    name = "traumaflow",
    mixinStandardHelpOptions = true,
    version = "traumaflow 0.1.0",
    description = "Abdominal trauma detection on CT (RSNA 2023 1st-place method) as Beam pipelines.",
    subcommands = {DemoCommand.class, InspectCommand.class, SynthCommand.class, PreprocessCommand.class, TrainSegmentationCommand.class, MakeVolumesCommand.class, TrainCommand.class, TuneEnsembleCommand.class, ScoreCommand.class, MetricCommand.class, BenchCommand.class, DoctorCommand.class})
public final class TraumaflowCommand implements Runnable {

  @Option(names = "--verbose", description = "Print stack traces for errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  public static void main(String[] args) {
    System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs the command line with the given streams and returns the exit status; tests call this
   * to exercise the CLI exactly as a user's shell does, without a new JVM.
   */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    TraumaflowCommand root = new TraumaflowCommand();
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(
        (exception, cl, parseResult) -> {
          err.println("error: " + describe(exception));
          if (root.verbose) {
            exception.printStackTrace(err);
          }
          err.flush();
          return isUserInput(exception) ? 2 : 1;
        });
    int status = commandLine.execute(args);
    out.flush();
    err.flush();
    return status;
  }

  private static String describe(Exception exception) {
    if (isUserInput(exception)) {
      return exception.getMessage();
    }
    String message = exception.getMessage();
    return exception.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Errors in what the user gave (files, specs, flags): their messages already name the input and the fault. */
  private static boolean isUserInput(Exception exception) {
    return exception instanceof UserInputException
        || exception instanceof DicomException
        || exception instanceof DicomwebException
        || exception instanceof NiftiException
        || exception instanceof LabelFileException
        || exception instanceof OutputLock.LockedException;
  }
}
