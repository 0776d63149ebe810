package org.traumaflow.seg;

import java.nio.file.Path;
import java.util.Arrays;
import org.traumaflow.nifti.DicomGridMapper;
import org.traumaflow.nifti.NiftiException;
import org.traumaflow.nifti.NiftiImage;
import org.traumaflow.nifti.NiftiReader;
import org.traumaflow.preprocess.PreparedSeries;

/**
 * Stage 1's findings taken from a reference segmentation instead of the model: the mask put onto
 * the series' voxel grid through both geometries, renumbered as the competition's organs and
 * reduced the way the model's targets are ({@link Stage1Targets}), so that visibility and crop box
 * are computed exactly as for the model's masks and the two can be compared.
 */
public final class ReferenceOrgans {
  private ReferenceOrgans() {}

  /**
   * @param file a NIfTI label mask of {@code series}
   * @param crop how the study's crop box is made from the masks, as for the model's
   * @throws NiftiException naming {@code file} when it cannot be read, is not a label mask with an
   *     orientation, does not cover the series (the mask of another series), or holds none of
   *     the organs' labels inside the series (a label table that does not fit the mask)
   */
  public static StudyOrgans of(Path file, PreparedSeries series, ReferenceLabels labels, StudyCrop crop) throws NiftiException {
    try {
      NiftiImage mask = NiftiReader.read(file);
      DicomGridMapper.requireCovers(mask.header(), series.geometry());
      byte[] organs = labels.toCompetition(DicomGridMapper.labelsOnGrid(mask, series.geometry()));
      OrganMasks masks = Stage1Targets.of(organs, series.geometry().rows(), series.geometry().columns(), series.stage1());
      if (Arrays.stream(Organ.values()).allMatch(organ -> masks.voxelCount(organ) == 0)) {
        throw new NiftiException("no liver, spleen, kidney or bowel label of the spec's reference_masks table is inside the series"
            + " (labels numbered otherwise than the table?)");
      }
      return StudyOrgans.of(masks, series.stage1(), series.geometry(), crop);
    } catch (NiftiException e) {
      throw e.naming(file);
    }
  }
}
