package org.traumaflow.pipeline.preprocess;

import java.util.Map;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.traumaflow.storage.Locations;

/**
 * The aortic HU of every series, from the layout's {@code train_series_meta.csv} and
 * {@code test_series_meta.csv} ({@code patient_id,series_id,aortic_hu[,incomplete_organ]}),
 * as a side input keyed by series id. Missing files give an empty map.
 */
final class SeriesMetadata extends PTransform<PBegin, PCollectionView<Map<String, Double>>> {
  private final String root;

  private SeriesMetadata(String root) {
    this.root = root == null ? null : Locations.trimmed(root);
  }

  /** From the layout at {@code root}; null (a DICOMweb source has no such files) gives the empty map. */
  static SeriesMetadata aorticHu(String root) {
    return new SeriesMetadata(root);
  }

  @Override
  public PCollectionView<Map<String, Double>> expand(PBegin input) {
    PCollection<String> rows = root == null ? input.apply("No series metadata", Create.empty(StringUtf8Coder.of()))
        : input.apply("Read series metadata", TextIO.read().from(root + "/*_series_meta.csv").withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW));
    return rows
        .apply("Parse rows", ParDo.of(new ParseRow()))
        .apply("By series id", View.asMap());
  }

  private static final class ParseRow extends DoFn<String, KV<String, Double>> {
    @ProcessElement
    public void process(@Element String line, OutputReceiver<KV<String, Double>> out) {
      String[] cells = line.split(",");
      if (cells.length < 3 || cells[0].equals("patient_id")) {
        return;
      }
      try {
        out.output(KV.of(cells[1].trim(), Double.parseDouble(cells[2].trim())));
      } catch (NumberFormatException notANumber) {
        // A row without a usable aortic HU simply has none in the info record.
      }
    }
  }
}
