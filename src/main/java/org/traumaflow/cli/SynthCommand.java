package org.traumaflow.cli;

import picocli.CommandLine.Command;

@Command(name = "synth", description = "Writes a synthetic dataset in the competition's layout (arrives with the synth issue).")
final class SynthCommand implements Runnable {
  @Override
  public void run() {
    throw new UserInputException("synth is not available yet");
  }
}
