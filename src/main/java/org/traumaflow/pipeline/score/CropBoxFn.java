package org.traumaflow.pipeline.score;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.SegmentedSeries;

/** Each segmented series' crop box by series key, for its ledger entry; a series without organs has none. */
final class CropBoxFn extends DoFn<KV<SeriesRef, SegmentedSeries>, KV<String, CropBox>> {
  @ProcessElement
  public void process(@Element KV<SeriesRef, SegmentedSeries> series, OutputReceiver<KV<String, CropBox>> out) {
    if (series.getValue().organs() != null) {
      out.output(KV.of(series.getKey().key(), series.getValue().organs().cropBox()));
    }
  }
}
