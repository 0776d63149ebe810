package org.traumaflow.ledger;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.traumaflow.storage.Sha256;

/**
 * What decides a series' score besides its files: the ensemble spec, the preprocessing spec and
 * the segmentation checkpoint, each by SHA-256. A ledger entry made under another key is stale:
 * publishing a new ensemble or segmentation model scores every series again.
 *
 * @param ensembleSha256 the ensemble spec file's SHA-256 (its members are pinned by hash inside it)
 * @param preprocessSha256 the preprocessing spec's SHA-256 (the built-in one's when none is given)
 * @param segmentationSha256 the segmentation checkpoint manifest's SHA-256, or "none" without a model
 */
public record ScoringKey(String ensembleSha256, String preprocessSha256, String segmentationSha256) implements Serializable {
  public static final String NO_SEGMENTATION = "none";

  public ScoringKey {
    Objects.requireNonNull(ensembleSha256, "ensembleSha256");
    Objects.requireNonNull(preprocessSha256, "preprocessSha256");
    Objects.requireNonNull(segmentationSha256, "segmentationSha256");
  }

  /** One hash over the three, the form a ledger entry is compared by. */
  public String sha256() {
    return Sha256.hex((ensembleSha256 + "\n" + preprocessSha256 + "\n" + segmentationSha256).getBytes(StandardCharsets.UTF_8));
  }
}
