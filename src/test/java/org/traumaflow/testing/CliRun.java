package org.traumaflow.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.traumaflow.cli.TraumaflowCommand;

/** Runs {@code traumaflow ...} in-process through the real command line and captures its output. */
public record CliRun(int exitCode, String stdout, String stderr) {

  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TraumaflowCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
