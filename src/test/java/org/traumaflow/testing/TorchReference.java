package org.traumaflow.testing;

/**
 * PyTorch (Debian's {@code python3-torch}) as a reference for model tests. A test that needs it
 * fails, with the packages to install, when it is absent, as with the other reference tools: a
 * reference check that silently skips would prove nothing.
 */
public final class TorchReference {
  private TorchReference() {}

  /** Fails the calling test unless Debian's Python imports torch and torchvision. */
  public static void requireInstalled() {
    ReferenceTools.Result result = ReferenceTools.runAllowingFailure(ReferenceTools.PYTHON, "-c", "import torch, torchvision");
    if (result.exitCode() != 0) {
      // The traceback's last line says which module is missing.
      String reason = result.stderr().strip().lines().reduce((first, last) -> last).orElse("exit " + result.exitCode());
      ReferenceTools.failMissing("PyTorch for " + ReferenceTools.PYTHON + " (" + reason + ")", "python3-torch python3-torchvision");
    }
  }
}
