package org.traumaflow.pipeline.preprocess;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.traumaflow.storage.AtomicFiles;

/**
 * Writes one output file on any Beam file system so that it appears complete or not at all:
 * the bytes go to a temporary sibling, which is then renamed over the target (on object stores
 * the rename is a copy of a finished object, so readers never see a partial one either).
 */
final class OutputFiles {
  private OutputFiles() {}

  static void write(String uri, AtomicFiles.Content content) throws IOException {
    ResourceId target = FileSystems.matchNewResource(uri, false);
    ResourceId temporary = target.getCurrentDirectory()
        .resolve("." + target.getFilename() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
            org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temporary, "application/octet-stream"))) {
      content.writeTo(out);
    }
    FileSystems.rename(List.of(temporary), List.of(target), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }
}
