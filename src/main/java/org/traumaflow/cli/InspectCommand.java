package org.traumaflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.SeriesReader;
import org.traumaflow.dicom.SeriesSummary;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.nifti.MaskLabels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code traumaflow inspect PATH}: one series' geometry and HU statistics as JSON. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Reads one DICOM file, or a folder holding one series, and prints a JSON object:",
      "series_instance_uid, transfer_syntaxes, slices, rows, columns, pixel_spacing [row, col] mm,",
      "slice_spacing (median mm), hu_min, hu_max, hu_mean, hu_sha256 (SHA-256 of the HU volume",
      "as little-endian int16 in assembled order), and issues (duplicates, gaps, ...).",
      "With --mask, also mask: the NIfTI label mask put onto the series' voxel grid through both",
      "geometries (the NIfTI affine, the DICOM position and orientation), with per label the voxels",
      "that carry it and their mean HU: a mask that does not line up with its series lands on other tissue."
    })
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PATH", description = "A DICOM file or a folder holding one series.")
  Path path;

  @Option(names = "--mask", paramLabel = "NIFTI", description = "A NIfTI label mask of this series (.nii or .nii.gz, any label numbers).")
  Path mask;

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
    Map<String, Object> json = SeriesSummary.of(series).asJson();
    if (mask != null) {
      if (!Files.isRegularFile(mask)) {
        throw new UserInputException(mask + ": no such file");
      }
      json.put("mask", MaskLabels.of(mask, series).asJson());
    }
    spec.commandLine().getOut().println(new ObjectMapper().writeValueAsString(json));
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
