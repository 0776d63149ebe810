package org.traumaflow.pipeline.series;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.nifti.NiftiException;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.seg.ReferenceLabels;
import org.traumaflow.seg.ReferenceOrgans;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.seg.StudyCrop;

/**
 * Stage 1 from reference masks instead of the model ({@code preprocess --masks}): each series'
 * organ visibility and crop box come from a NIfTI label mask, through the spec's label table. The
 * masks are a local folder of {@code <series_id>.nii[.gz]} files (the competition's
 * {@code segmentations/} layout) or one file, used for every series read (masks are in patient
 * coordinates, so one mask fits every series of its study). A series without a mask, or whose mask
 * cannot be used, goes to the dead letters at stage {@value #STAGE}; emits under
 * {@link SegmentOrgans}'s tags.
 */
final class ReferenceMaskOrgans extends PTransform<PCollection<KV<SeriesRef, PreparedSeries>>, PCollectionTuple> {
  static final String STAGE = "reference-masks";

  private final String masks;
  private final ReferenceLabels labels;
  private final StudyCrop crop;

  ReferenceMaskOrgans(String masks, ReferenceLabels labels, StudyCrop crop) {
    this.masks = masks;
    this.labels = labels;
    this.crop = crop;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SeriesRef, PreparedSeries>> prepared) {
    PCollectionTuple out = prepared.apply("Organs from reference masks", ParDo.of(new MaskFn(masks, labels, crop))
        .withOutputTags(SegmentOrgans.SEGMENTED, TupleTagList.of(SegmentOrgans.DEAD_LETTERS)));
    return out;
  }

  /** The mask of series {@code seriesId} under {@code masks}: the file itself, or the folder's {@code <series_id>.nii.gz} or {@code .nii}. */
  static Path maskOf(String masks, String seriesId) {
    Path location = Path.of(masks);
    if (!Files.isDirectory(location)) {
      return location;
    }
    Path gzipped = location.resolve(seriesId + ".nii.gz");
    return Files.exists(gzipped) ? gzipped : location.resolve(seriesId + ".nii");
  }

  private static final class MaskFn extends DoFn<KV<SeriesRef, PreparedSeries>, KV<SeriesRef, SegmentedSeries>> {
    private final String masks;
    private final ReferenceLabels labels;
    private final StudyCrop crop;

    MaskFn(String masks, ReferenceLabels labels, StudyCrop crop) {
      this.masks = masks;
      this.labels = labels;
      this.crop = crop;
    }

    @ProcessElement
    public void process(@Element KV<SeriesRef, PreparedSeries> element, MultiOutputReceiver out) {
      SeriesRef ref = element.getKey();
      Path mask = maskOf(masks, ref.seriesId());
      if (!Files.isRegularFile(mask)) {
        out.get(SegmentOrgans.DEAD_LETTERS).output(new DeadLetter(STAGE, ref.key(), mask.toString(), "NoSuchFileException",
            "no mask for series " + ref.seriesId() + ": " + masks + " holds no " + ref.seriesId() + ".nii.gz or " + ref.seriesId() + ".nii", true));
        return;
      }
      try {
        SegmentedSeries segmented = new SegmentedSeries(element.getValue(), ReferenceOrgans.of(mask, element.getValue(), labels, crop));
        out.get(SegmentOrgans.SEGMENTED).output(KV.of(ref, segmented));
      } catch (NiftiException unusable) {
        out.get(SegmentOrgans.DEAD_LETTERS).output(new DeadLetter(STAGE, ref.key(), mask.toString(),
            unusable.getClass().getSimpleName(), String.valueOf(unusable.getMessage()), true));
      }
    }
  }
}
