package org.traumaflow.cli;

import picocli.CommandLine.Option;

/** Which patients a command reads through stage 1: a picocli mixin, so preprocess, make-volumes and score declare them once. */
final class PatientSelection {
  @Option(names = "--patients", paramLabel = "IDS", description = "Only these patients (comma-separated ids).")
  String patients;

  @Option(names = "--limit", paramLabel = "N", description = "Only the first N patients in id order.")
  Integer limit;
}
