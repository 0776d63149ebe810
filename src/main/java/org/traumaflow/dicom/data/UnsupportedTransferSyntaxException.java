package org.traumaflow.dicom.data;

/** The pixel data uses a transfer syntax this project has no decoder for (JPEG-LS, MPEG, ...). */
public final class UnsupportedTransferSyntaxException extends DicomException {
  private final String transferSyntaxUid;

  public UnsupportedTransferSyntaxException(String source, String transferSyntaxUid, String name) {
    super(source, "unsupported transfer syntax " + transferSyntaxUid + " (" + name + ")");
    this.transferSyntaxUid = transferSyntaxUid;
  }

  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }
}
