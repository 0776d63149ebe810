package org.traumaflow.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * PyTorch (Debian's {@code python3-torch}) as a reference for model tests. Unlike the other
 * reference tools it is large and optional on a developer's machine, so a test that needs it is
 * skipped, with the package to install, when it is absent; CI installs it.
 */
public final class TorchReference {
  private TorchReference() {}

  /** Skips the calling test unless Debian's Python imports torch and torchvision. */
  public static void assumeInstalled() {
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(ReferenceTools.PYTHON, "-c", "import torch, torchvision");
    Assumptions.assumeTrue(result.exitCode() == 0,
        "python3-torch is not installed (apt-get install python3-torch python3-torchvision): " + result.stderr().strip());
  }
}
