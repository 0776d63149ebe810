package org.traumaflow.cli;

import org.traumaflow.dicomweb.DicomwebClient;
import org.traumaflow.dicomweb.DicomwebCredentials;
import org.traumaflow.dicomweb.DicomwebEndpoint;
import org.traumaflow.dicomweb.DicomwebException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command's studies come from: a dataset folder in the competition layout, or a
 * DICOMweb service whose CT series are read as the test split. Credentials are never options:
 * they would show in process lists, shell histories and Beam's pipeline options.
 */
final class StudySource {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Where where;

  static final class Where {
    @Option(names = "--input", required = true, paramLabel = "ROOT", description = "Dataset root: a folder or gs:// prefix (or --dicomweb instead).")
    String input;

    @Option(names = "--dicomweb", required = true, paramLabel = "URL",
        description = "Instead of --input: a DICOMweb service root (QIDO-RS, WADO-RS), e.g. http://127.0.0.1:8042/dicom-web; its CT "
            + "series are read as the test split. Basic-auth credentials from --dicomweb-credentials or the environment variables "
            + DicomwebCredentials.USER_VARIABLE + " and " + DicomwebCredentials.PASSWORD_VARIABLE + ".")
    String dicomweb;
  }

  @Option(names = "--dicomweb-credentials", paramLabel = "FILE",
      description = "File whose first line is user:password for the DICOMweb service (on a cluster, readable on every worker).")
  String credentialsFile;

  @Option(names = "--dicomweb-ca-file", paramLabel = "PEM",
      description = "Certificate authorities (PEM) to trust for an https DICOMweb service instead of the system's; "
          + "certificates and host names are always checked.")
  String caFile;

  /**
   * Refuses DICOMweb options without {@code --dicomweb}, and checks that the service answers and
   * accepts the credentials before any pipeline is built.
   *
   * @throws DicomwebException naming the URL or file and what is wrong
   */
  void check() throws DicomwebException {
    if (where.dicomweb == null) {
      if (credentialsFile != null || caFile != null) {
        throw new UserInputException("--dicomweb-credentials and --dicomweb-ca-file apply only with --dicomweb");
      }
      return;
    }
    DicomwebEndpoint endpoint;
    try {
      endpoint = endpoint();
    } catch (IllegalArgumentException badUrl) {
      throw new UserInputException("--dicomweb: " + badUrl.getMessage());
    }
    DicomwebClient.open(endpoint).probe();
  }

  private DicomwebEndpoint endpoint() {
    return new DicomwebEndpoint(where.dicomweb, caFile, credentialsFile);
  }
}
