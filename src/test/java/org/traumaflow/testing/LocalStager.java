package org.traumaflow.testing;

import com.google.api.services.dataflow.model.DataflowPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.runners.dataflow.util.PackageUtil.StagedFile;
import org.apache.beam.runners.dataflow.util.Stager;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * A Dataflow {@link Stager} that keeps what the runner stages in the local folder named by
 * {@code --stagingLocation}, so a test can build and inspect a Dataflow job without Cloud Storage.
 * Select it with {@code --stagerClass=org.traumaflow.testing.LocalStager}.
 */
public final class LocalStager implements Stager {
  private final Path folder;

  private LocalStager(Path folder) {
    this.folder = folder;
  }

  public static LocalStager fromOptions(PipelineOptions options) {
    return new LocalStager(Path.of(options.as(DataflowPipelineOptions.class).getStagingLocation()));
  }

  @Override
  public List<DataflowPackage> stageFiles(List<StagedFile> files) {
    return files.stream().map(f -> new DataflowPackage().setName(f.getDestination()).setLocation(folder.resolve(f.getDestination()).toString())).toList();
  }

  @Override
  public DataflowPackage stageToFile(byte[] bytes, String name) {
    try {
      Files.write(Files.createDirectories(folder).resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DataflowPackage().setName(name).setLocation(folder.resolve(name).toString());
  }
}
