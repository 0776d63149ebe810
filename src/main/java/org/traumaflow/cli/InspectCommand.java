package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DicomException;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code traumaflow inspect PATH}: one series' geometry and HU statistics as JSON. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Reads one DICOM file, or a folder holding one series, and prints a JSON object:",
      "series_instance_uid, transfer_syntaxes, slices, rows, columns, pixel_spacing [row, col] mm,",
      "slice_spacing (median mm), hu_min, hu_max, hu_mean, hu_sha256 (SHA-256 of the HU volume",
      "as little-endian int16 in assembled order), and issues (duplicates, gaps, ...)."
    })
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PATH", description = "A DICOM file or a folder holding one series.")
  Path path;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws DicomException, IOException {
    if (!Files.exists(path)) {
      throw new UserInputException(path + ": no such file or folder");
    }
    List<Path> files = filesOf(path);
    if (files.isEmpty()) {
      throw new UserInputException(path + ": folder holds no files");
    }
    CtSeries series = SeriesReader.read(files);
    SeriesSummary summary = SeriesSummary.of(series);
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(summary.asJson()));
    return 0;
  }

  private static List<Path> filesOf(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }
}
