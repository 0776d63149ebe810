package org.traumaflow.ledger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.traumaflow.storage.Sha256;

/**
 * A series' input as the file system lists it: every file's name, size and modification time,
 * hashed. Listing is all discovery does, so a nightly run can tell new and changed series from
 * scored ones without reading a pixel; a re-exported or edited file changes its size or time.
 */
public final class InputFingerprint {
  private InputFingerprint() {}

  /** A file as listed: its path or URI, size in bytes and last modification in epoch milliseconds. */
  public record ListedFile(String path, long sizeBytes, long modifiedMillis) implements java.io.Serializable {}

  /**
   * For instances that a DICOMweb service lists without sizes or times: the SHA-256 over their
   * URIs' last segments, the SOPInstanceUIDs. A changed instance gets a new SOPInstanceUID.
   */
  public static String ofInstances(List<String> uris) {
    return of(uris.stream().map(uri -> new ListedFile(uri, 0, 0)).toList());
  }

  /** The SHA-256 over {@code files} in the given order (the series' instance order). */
  public static String of(List<ListedFile> files) {
    StringBuilder listing = new StringBuilder();
    for (ListedFile file : files) {
      String name = file.path().substring(file.path().lastIndexOf('/') + 1);
      listing.append(name).append('\t').append(file.sizeBytes()).append('\t').append(file.modifiedMillis()).append('\n');
    }
    return Sha256.hex(listing.toString().getBytes(StandardCharsets.UTF_8));
  }
}
