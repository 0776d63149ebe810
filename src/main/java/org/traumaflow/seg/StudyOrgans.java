package org.traumaflow.seg;

import java.util.EnumMap;
import java.util.Map;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.preprocess.Stage1Input;

/**
 * What stage 1 tells the later stages about one series: per full-resolution slice and organ
 * group, the organ's visibility (0..1), and the study's crop box ({@link StudyCrop}).
 * Full-resolution slices that the stage-1 input skipped take the visibility of the nearest
 * stage-1 slice.
 *
 * @param masks the predicted masks at the stage-1 input's resolution and slices
 * @param visibility for each organ group, one value per full-resolution slice
 * @param cropBox the box around the organs over the study ({@link StudyCrop}), as fractions of the image
 */
public record StudyOrgans(OrganMasks masks, Map<OrganGroup, float[]> visibility, CropBox cropBox) {

  /**
   * @param masks the organ masks on {@code stage1}'s slices
   * @param geometry the full-resolution series: its slices, and its extent in mm for the crop's margin
   * @param crop how the crop box is made
   */
  public static StudyOrgans of(OrganMasks masks, Stage1Input stage1, SeriesGeometry geometry, StudyCrop crop) {
    int slices = geometry.slices();
    OrganVisibility atStage1 = OrganVisibility.of(masks);
    Map<OrganGroup, float[]> visibility = new EnumMap<>(OrganGroup.class);
    for (OrganGroup group : OrganGroup.values()) {
      float[] perSlice = new float[slices];
      for (int slice = 0; slice < slices; slice++) {
        perSlice[slice] = atStage1.get(group, stage1.nearestSlice(slice));
      }
      visibility.put(group, perSlice);
    }
    double heightMm = geometry.rows() * geometry.pixelSpacing()[0];
    double widthMm = geometry.columns() * geometry.pixelSpacing()[1];
    return new StudyOrgans(masks, visibility, crop.box(masks, heightMm, widthMm));
  }
}
