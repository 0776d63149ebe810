package org.traumaflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.traumaflow.dicom.Part10Reader;
import org.traumaflow.dicom.Tag;
import org.traumaflow.dicom.data.DicomException;
import org.traumaflow.dicom.data.TransferSyntax;

/**
 * A dataset in the competition layout that mixes {@link SmallDataset}'s test studies (the good
 * ones, untouched but for identifying attributes) with a patient per kind of bad input, each made
 * at test time from the good files or from a file Debian's pydicom ships. Every DICOM file
 * written carries the identifying attributes of {@link #IDENTIFYING}, which no output may repeat.
 *
 * @param root the dataset, {@code test_images} only, with the source's CSV files
 * @param goodPatients the untouched studies' patients
 * @param expected the dead letter each bad item must get
 * @param stillScored {@code patient/series} of bad-input series that are read despite a fault and must score
 * @param oddPatient the patient folder whose name is not a number and holds path characters
 */
public record BadInputCorpus(Path root, Set<Integer> goodPatients, List<Expected> expected, Set<String> stillScored, String oddPatient) {
  /** Identifying attributes (tag, VR, value) written into every DICOM file of the corpus. */
  public static final List<Identifying> IDENTIFYING = List.of(
      new Identifying(DicomEdit.PATIENT_NAME, "PN", "Quillfeather^Hesper^Marguerite"),
      new Identifying(DicomEdit.PATIENT_BIRTH_DATE, "DA", "19370419"),
      new Identifying(DicomEdit.PATIENT_ADDRESS, "LO", "17 Wrenfold Lane, Pemberhythe"),
      new Identifying(DicomEdit.OTHER_PATIENT_IDS, "LO", "MRN-88412-ZQ"),
      new Identifying(DicomEdit.INSTITUTION_NAME, "LO", "Saint Orwyn Trauma Centre"),
      new Identifying(DicomEdit.REFERRING_PHYSICIAN_NAME, "PN", "Brackenridge^Tamsin"));

  /** Each identifying value's distinctive parts, as a formatter might print them apart ("Hesper Quillfeather", 1937-04-19). */
  public static final List<String> IDENTIFYING_PARTS = List.of(
      "Quillfeather", "Hesper", "Marguerite", "1937-04-19", "Wrenfold", "Pemberhythe", "88412", "Orwyn", "Brackenridge", "Tamsin");

  public record Identifying(int tag, String vr, String value) {}

  /**
   * A dead letter the scoring run must write.
   *
   * @param category the kind of bad input, for messages
   * @param item the dead letter's item: {@code patient/series}, or the patient
   * @param stage its stage
   * @param errorType its error type
   * @param reason text its reason must contain
   * @param dropped whether the item was dropped
   */
  public record Expected(String category, String item, String stage, String errorType, String reason, boolean dropped) {}

  private static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";

  public static BadInputCorpus write(Path root) throws IOException {
    Path source = SmallDataset.root();
    Files.createDirectories(root);
    try (Stream<Path> files = Files.list(source)) {
      for (Path csv : files.filter(Files::isRegularFile).toList()) {
        Files.copy(csv, root.resolve(csv.getFileName()));
      }
    }
    Path images = root.resolve("test_images");
    List<Path> good = SmallDataset.seriesDirectories(false);
    Set<Integer> goodPatients = new TreeSet<>();
    for (Path series : good) {
      goodPatients.add(Integer.parseInt(series.getParent().getFileName().toString()));
      copySeries(series, images.resolve(series.getParent().getFileName().toString()).resolve(series.getFileName().toString()), e -> e);
    }
    Path template = longest(good);
    Path other = good.stream().filter(s -> !s.equals(template)).findFirst().orElseThrow();
    String s = template.getFileName().toString();
    List<String> names = numbered(template);
    int slices = names.size();
    List<Expected> expected = new ArrayList<>();
    Set<String> stillScored = new TreeSet<>();

    // One truncated slice: left out, the series scores.
    Path truncated = copySeries(template, images.resolve("91001").resolve(s), e -> e);
    byte[] whole = Files.readAllBytes(truncated.resolve(names.get(4)));
    Files.write(truncated.resolve(names.get(4)), Arrays.copyOf(whole, whole.length * 3 / 5));
    expected.add(new Expected("truncated file", "91001/" + s, "read-series", "MalformedDicomException", "but only", false));
    stillScored.add("91001/" + s);

    // Every file garbage: the series is dropped, its patient gets the fallback row.
    Path corrupt = Files.createDirectories(images.resolve("91002").resolve(s));
    Random random = new Random(91002);
    for (Path slice : SmallDataset.slices(template)) {
      byte[] noise = new byte[2000];
      random.nextBytes(noise);
      Files.write(corrupt.resolve(slice.getFileName()), noise);
    }
    expected.add(new Expected("corrupt files", "91002/" + s, "read-series", "InconsistentSeriesException",
        "0 of " + slices + " files readable", true));
    expected.add(new Expected("corrupt files", "91002", "blend-patient", "NoSeriesScored", "none of the patient's series", true));

    // Files that are not DICOM in the tree: one in a series folder, one beside the series folders.
    Path stray = copySeries(template, images.resolve("91003").resolve(s), e -> e);
    Files.writeString(stray.resolve("notes.txt"), "scanned on the night shift, see the paper chart\n".repeat(10));
    Files.writeString(images.resolve("91003").resolve("README.txt"), "export log\n");
    expected.add(new Expected("non-DICOM file", "91003/" + s, "read-series", "NotDicomException", "no DICM marker", false));
    stillScored.add("91003/" + s);

    // Non-image DICOM: a structured report among the slices, and a series of nothing else.
    Path withReport = copySeries(template, images.resolve("91004").resolve(s), e -> e);
    Path report = ReferenceTools.pydicomTestFile("reportsi.dcm");
    Files.copy(report, withReport.resolve("9999.dcm"));
    Files.copy(report, Files.createDirectories(images.resolve("91004").resolve("777")).resolve("1.dcm"));
    expected.add(new Expected("structured report among slices", "91004/" + s, "read-series", "NotAnImageException", "no pixel data", false));
    expected.add(new Expected("structured report series", "91004/777", "read-series", "InconsistentSeriesException", "no pixel data", true));
    stillScored.add("91004/" + s);

    // Beside an axial series: a localizer, a coronal reformat and an MR series, none selected.
    copySeries(template, images.resolve("91005").resolve(s), e -> e);
    stillScored.add("91005/" + s);
    Path localizer = copySeries(template, images.resolve("91005").resolve("801"), e -> e
        .text(DicomEdit.IMAGE_TYPE, "CS", "ORIGINAL\\PRIMARY\\LOCALIZER")
        .text(DicomEdit.IMAGE_ORIENTATION_PATIENT, "DS", "1\\0\\0\\0\\0\\-1")
        .text(DicomEdit.SERIES_INSTANCE_UID, "UI", "1.2.826.0.1.3680043.8.498.91005.801"));
    keepFirst(localizer, 3);
    expected.add(new Expected("localizer", "91005/801", "select-series", "NotSelected", "rule exclude_image_types", true));
    copySeries(template, images.resolve("91005").resolve("802"), e -> e
        .text(DicomEdit.IMAGE_ORIENTATION_PATIENT, "DS", "1\\0\\0\\0\\0\\-1")
        .text(DicomEdit.SERIES_INSTANCE_UID, "UI", "1.2.826.0.1.3680043.8.498.91005.802"));
    expected.add(new Expected("coronal reformat", "91005/802", "select-series", "NotSelected", "rule axial_tolerance_degrees", true));
    copySeries(template, images.resolve("91005").resolve("803"), e -> e
        .text(DicomEdit.MODALITY, "CS", "MR")
        .text(DicomEdit.SERIES_INSTANCE_UID, "UI", "1.2.826.0.1.3680043.8.498.91005.803"));
    expected.add(new Expected("other modality", "91005/803", "select-series", "NotSelected", "rule modalities", true));

    // Two series in one folder.
    Path mixed = copySeries(template, images.resolve("91006").resolve(s), e -> e);
    for (Path slice : SmallDataset.slices(other)) {
      identified(DicomEdit.of(slice)).writeTo(mixed.resolve("10" + slice.getFileName()));
    }
    expected.add(new Expected("mixed series", "91006/" + s, "read-series", "InconsistentSeriesException", "files of 2 series", true));

    // Two slices claim the same instance number: both kept in position order, reported.
    Path duplicate = copySeries(template, images.resolve("91007").resolve(s), e -> e);
    identified(DicomEdit.of(duplicate.resolve(names.get(3))).text(DicomEdit.INSTANCE_NUMBER, "IS", instance(names.get(2))))
        .writeTo(duplicate.resolve(names.get(3)));
    expected.add(new Expected("duplicate instance numbers", "91007/" + s, "read-series", "SeriesIssue", "DUPLICATE_INSTANCE_NUMBER", false));
    stillScored.add("91007/" + s);

    // A gap in z: three slices missing.
    Path gap = copySeries(template, images.resolve("91008").resolve(s), e -> e);
    for (int missing = 4; missing <= 6; missing++) {
      Files.delete(gap.resolve(names.get(missing)));
    }
    expected.add(new Expected("missing slices", "91008/" + s, "read-series", "SeriesIssue", "GAP", false));
    stillScored.add("91008/" + s);

    // A one-slice series.
    keepFirst(copySeries(template, images.resolve("91009").resolve(s), e -> e), 1);
    expected.add(new Expected("one slice", "91009/" + s, "select-series", "NotSelected", "rule min_slices: 1 slice", true));

    // One slice of another size.
    Path sizes = copySeries(template, images.resolve("91010").resolve(s), e -> e);
    Path scratch = Files.createDirectories(root.resolveSibling(root.getFileName() + "-scratch"));
    CtSeriesFixture.of(seriesUid(template), 1).writeTo(scratch, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    identified(DicomEdit.of(scratch.resolve("1.dcm")).text(DicomEdit.INSTANCE_NUMBER, "IS", instance(names.get(2))))
        .writeTo(sizes.resolve(names.get(2)));
    expected.add(new Expected("mixed image sizes", "91010/" + s, "read-series", "InconsistentSeriesException", "mixed slice sizes", true));

    // An encoding this reader does not decode.
    copySeries(template, images.resolve("91011").resolve(s), e -> e.transferSyntax(JPEG_LS_LOSSLESS));
    expected.add(new Expected("unsupported transfer syntax", "91011/" + s, "read-series", "InconsistentSeriesException", JPEG_LS_LOSSLESS, true));

    // Absurd attribute values.
    copySeries(template, images.resolve("91012").resolve("901"), e -> e.text(DicomEdit.PIXEL_SPACING, "DS", "0\\0"));
    expected.add(new Expected("zero pixel spacing", "91012/901", "read-series", "InconsistentSeriesException", "PixelSpacing [0.0, 0.0] is not positive", true));
    copySeries(template, images.resolve("91012").resolve("902"), e -> e.text(DicomEdit.PIXEL_SPACING, "DS", "-0.7\\-0.7"));
    expected.add(new Expected("negative pixel spacing", "91012/902", "read-series", "InconsistentSeriesException", "PixelSpacing [-0.7, -0.7] is not positive", true));
    copySeries(template, images.resolve("91012").resolve("903"), e -> e.text(DicomEdit.PIXEL_SPACING, "DS", "NaN\\NaN"));
    expected.add(new Expected("NaN pixel spacing", "91012/903", "read-series", "InconsistentSeriesException", "PixelSpacing 'NaN\\NaN' is not 2 finite numbers", true));
    copySeries(template, images.resolve("91012").resolve("904"), e -> e.unsignedShort(DicomEdit.ROWS, 65535).unsignedShort(DicomEdit.COLUMNS, 65535));
    expected.add(new Expected("huge rows and columns", "91012/904", "read-series", "InconsistentSeriesException", "65535 x 65535", true));
    expected.add(new Expected("absurd values", "91012", "blend-patient", "NoSeriesScored", "none of the patient's series", true));

    // A patient folder with nothing in it.
    Files.createDirectories(images.resolve("91013"));
    expected.add(new Expected("empty patient folder", "91013", "discover-series", "EmptyPatientFolder", "no series", true));

    // Ids that could escape the output: a folder name that is no number, tags that are paths.
    String oddPatient = "..%2F 91014;x";
    String oddSeries = "..series 1";
    copySeries(template, images.resolve(oddPatient).resolve(oddSeries), e -> e
        .text(DicomEdit.PATIENT_ID, "LO", "../../x")
        .text(DicomEdit.SERIES_INSTANCE_UID, "UI", "../../y/z"));
    expected.add(new Expected("patient folder that is no number", oddPatient + "/" + oddSeries, "make-volumes", "IllegalArgumentException",
        "not a numeric patient_id", true));
    expected.add(new Expected("patient folder that is no number", oddPatient, "blend-patient", "InvalidPatientId", "not a numeric patient_id", true));
    return new BadInputCorpus(root, goodPatients, List.copyOf(expected), stillScored, oddPatient);
  }

  /** Copies a series' slices, each with the identifying attributes and {@code edit} applied. */
  private static Path copySeries(Path from, Path to, UnaryOperator<DicomEdit> edit) throws IOException {
    Files.createDirectories(to);
    for (Path slice : SmallDataset.slices(from)) {
      edit.apply(identified(DicomEdit.of(slice))).writeTo(to.resolve(slice.getFileName()));
    }
    return to;
  }

  private static DicomEdit identified(DicomEdit edit) {
    for (Identifying id : IDENTIFYING) {
      edit.text(id.tag(), id.vr(), id.value());
    }
    return edit;
  }

  private static void keepFirst(Path series, int count) throws IOException {
    List<String> names = numbered(series);
    for (String name : names.subList(count, names.size())) {
      Files.delete(series.resolve(name));
    }
  }

  /** The slice file names of a series in instance-number order (the layout names files by instance number). */
  private static List<String> numbered(Path series) {
    return SmallDataset.slices(series).stream().map(p -> p.getFileName().toString())
        .sorted(Comparator.comparingInt(name -> Integer.parseInt(instance(name)))).toList();
  }

  private static String instance(String fileName) {
    return fileName.substring(0, fileName.length() - ".dcm".length());
  }

  private static Path longest(List<Path> series) {
    Map<Path, Integer> counts = new LinkedHashMap<>();
    series.forEach(s -> counts.put(s, SmallDataset.slices(s).size()));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static String seriesUid(Path series) throws IOException {
    try {
      return Part10Reader.readHeader(SmallDataset.slices(series).get(0)).dataset().string(Tag.SERIES_INSTANCE_UID).orElseThrow();
    } catch (DicomException e) {
      throw new IOException(e);
    }
  }
}
