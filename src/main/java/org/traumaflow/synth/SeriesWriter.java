package org.traumaflow.synth;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.traumaflow.dicom.CtImageHeader;
import org.traumaflow.label.ImageLabel;
import org.traumaflow.nifti.NiftiDataType;
import org.traumaflow.nifti.NiftiHeader;
import org.traumaflow.nifti.NiftiWriter;


/**
 * Writes one series: its slices as DICOM files, its segmentation mask when planned, and the
 * image-level labels of the slices where an injury shows. Slices are rendered and written one at
 * a time, lowest z first (the mask's k order), so memory stays at a few slices whatever the
 * series' length.
 */
final class SeriesWriter {
  private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};
  private static final double[] MASK_ORIENTATION_WEIGHTS = {0.5, 0.25, 0.25};

  private final CompetitionLayout layout;
  private final SliceFileWriter files;
  private final int size;
  private final int maxSlices;

  SeriesWriter(CompetitionLayout layout, SliceFileWriter files, int size, int maxSlices) {
    this.layout = layout;
    this.files = files;
    this.size = size;
    this.maxSlices = maxSlices;
  }

  /** Everything about a series that follows from its plan: grid, contrast, mask orientation. */
  record Design(Acquisition acquisition, TissueContrast contrast, MaskOrientation maskOrientation, long noiseSeed) {}

  Design design(PatientPlan patient, SeriesPlan series, AbdomenModel model) {
    Acquisition acquisition = AcquisitionSampler.sample(new Rng(Rng.derive(series.seed(), 1)), model, size, maxSlices, series.incomplete());
    TissueContrast contrast = TissueContrast.sample(new Rng(Rng.derive(patient.seed(), 7)), new Rng(Rng.derive(series.seed(), 2)), series.phase());
    MaskOrientation orientation = MaskOrientation.values()[new Rng(Rng.derive(series.seed(), 3)).weighted(MASK_ORIENTATION_WEIGHTS)];
    return new Design(acquisition, contrast, orientation, Rng.derive(series.seed(), 4));
  }

  /**
   * @param montage collects slices for the preview picture, or null
   */
  SeriesResult write(PatientPlan patient, SeriesPlan series, AbdomenModel model, SliceMontage montage) throws IOException {
    Design design = design(patient, series, model);
    Acquisition a = design.acquisition();
    int patientId = patient.patientId();
    int seriesId = series.seriesId();
    Files.createDirectories(layout.seriesDirectory(patient.train(), patientId, seriesId));
    List<ImageLabel> imageLabels = new ArrayList<>();
    List<ImageLabel> bowelLabels = new ArrayList<>();
    short[] stored = new short[a.rows() * a.columns()];
    NiftiWriter.PlaneStream mask = null;
    byte[] plane = null;
    if (series.segmentation()) {
      MaskOrientation o = design.maskOrientation();
      NiftiHeader header = new NiftiHeader(
          o.nx(a.rows(), a.columns()), o.ny(a.rows(), a.columns()), a.slices(), NiftiDataType.UINT8, o.affine(a),
          "TraumaFlow synthetic organ mask");
      mask = NiftiWriter.open(layout.segmentation(seriesId), header);
      plane = new byte[a.rows() * a.columns()];
    }
    try {
      SeriesRenderer renderer = new SeriesRenderer(model, a, design.contrast(), design.noiseSeed());
      NiftiWriter.PlaneStream maskStream = mask;
      byte[] maskPlane = plane;
      renderer.render(slice -> {
        PixelEncoding encoding = a.encoding();
        short[] hu = slice.hu();
        for (int i = 0; i < hu.length; i++) {
          stored[i] = encoding.store(hu[i]);
        }
        int instance = slice.instanceNumber();
        files.write(layout.slice(patient.train(), patientId, seriesId, instance), header(patient, series, a, slice), stored);
        if (maskStream != null) {
          design.maskOrientation().toPlane(slice.labels(), a.rows(), a.columns(), maskPlane);
          maskStream.writePlane(maskPlane, 0);
        }
        if (montage != null) {
          montage.offer(slice.index(), hu);
        }
        if (patient.train()) {
          boolean extravasation = false;
          boolean bowel = false;
          for (byte f : slice.findings()) {
            if (f != 0) {
              extravasation |= f == Finding.EXTRAVASATION.code();
              bowel |= Finding.of(f).bowel();
            }
          }
          if (extravasation) {
            imageLabels.add(new ImageLabel(patientId, seriesId, instance, ImageLabel.EXTRAVASATION));
          }
          if (bowel) {
            bowelLabels.add(new ImageLabel(patientId, seriesId, instance, ImageLabel.BOWEL));
          }
        }
      });
    } finally {
      if (mask != null) {
        mask.close();
      }
    }
    imageLabels.addAll(bowelLabels);
    return new SeriesResult(
        patientId, seriesId, patient.train(), series.phase(), design.contrast().aorticHu(), series.incomplete(), a.slices(),
        series.segmentation(), List.copyOf(imageLabels));
  }

  static CtImageHeader header(PatientPlan patient, SeriesPlan series, Acquisition a, RenderedSlice slice) {
    int patientId = patient.patientId();
    int seriesId = series.seriesId();
    PixelEncoding e = a.encoding();
    return new CtImageHeader(
        Integer.toString(patientId),
        DicomUids.study(patientId),
        DicomUids.series(patientId, seriesId),
        DicomUids.instance(patientId, seriesId, slice.instanceNumber()),
        slice.instanceNumber(),
        new double[] {a.x0(), a.y0(), slice.z()},
        AXIAL.clone(),
        new double[] {a.pixelSpacing(), a.pixelSpacing()},
        a.sliceThickness(),
        a.rows(),
        a.columns(),
        e.bitsStored(),
        e.pixelRepresentation(),
        e.intercept(),
        1.0,
        SliceMontage.WINDOW_LEVEL,
        SliceMontage.WINDOW_WIDTH,
        a.patientPosition(),
        "SYNTHETIC ABDOMEN " + series.phase().description());
  }
}
