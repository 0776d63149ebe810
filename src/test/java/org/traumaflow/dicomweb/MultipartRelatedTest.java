package org.traumaflow.dicomweb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS bodies as other servers shape them (quoted boundaries, no part headers, preamble,
 * several parts, bytes that look like a boundary's start), and the malformed ones refused with
 * the URL. Orthanc's own shape is covered by DicomwebClientTest.
 */
class MultipartRelatedTest {
  private static final String URL = "https://pacs.example/dicom-web/studies/1/series/2/instances/3";

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void partsAreSplitWhateverTheBoundaryQuotingPreambleAndPartHeaders() throws Exception {
    byte[] body = ascii("preamble to ignore\r\n--b1\r\nContent-Type: application/dicom; transfer-syntax=1.2.840.10008.1.2.5\r\n\r\n"
        + "DICM\r\n--b\r\n-\u00ff\r\n--b1\r\n\r\nsecond\r\n--b1--\r\n");
    List<byte[]> parts = MultipartRelated.parts(URL, "multipart/related; type=\"application/dicom\"; boundary=\"b1\"", body);
    assertEquals(2, parts.size());
    assertArrayEquals(ascii("DICM\r\n--b\r\n-\u00ff"), parts.get(0));
    assertArrayEquals(ascii("second"), parts.get(1));
  }

  @Test
  void aResponseThatIsNotMultipartDicomIsRefusedNamingTheUrl() {
    MalformedResponseException json = assertThrows(MalformedResponseException.class,
        () -> MultipartRelated.parts(URL, "application/dicom+json", ascii("[]")));
    assertEquals(URL + ": expected a multipart/related response, got application/dicom+json", json.getMessage());

    MalformedResponseException noBoundary = assertThrows(MalformedResponseException.class,
        () -> MultipartRelated.parts(URL, "multipart/related; type=\"application/dicom\"", ascii("--x\r\n\r\nA\r\n--x--")));
    assertEquals(URL + ": multipart/related response without a boundary", noBoundary.getMessage());

    MalformedResponseException rendered = assertThrows(MalformedResponseException.class,
        () -> MultipartRelated.parts(URL, "multipart/related; boundary=x", ascii("--x\r\nContent-Type: image/jpeg\r\n\r\nA\r\n--x--")));
    assertEquals(URL + ": part 1 is image/jpeg, not application/dicom", rendered.getMessage());

    MalformedResponseException cut = assertThrows(MalformedResponseException.class,
        () -> MultipartRelated.parts(URL, "multipart/related; boundary=x", ascii("--x\r\n\r\nhalf a file")));
    assertEquals(URL + ": part 1 has no closing boundary", cut.getMessage());
  }
}
