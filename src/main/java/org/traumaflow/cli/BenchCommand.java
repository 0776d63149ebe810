package org.traumaflow.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Not built yet.")
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    throw new UserInputException("bench is not available yet");
  }
}
