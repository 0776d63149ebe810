package org.traumaflow.pipeline.preprocess;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.traumaflow.pipeline.common.DeadLetter;
import org.traumaflow.pipeline.common.SeriesRef;
import org.traumaflow.preprocess.PreparedSeries;
import org.traumaflow.preprocess.WindowedVolume;
import org.traumaflow.seg.SegmentedSeries;
import org.traumaflow.sequence.NpyArray;
import org.traumaflow.storage.Locations;
import org.traumaflow.storage.SafeName;

/**
 * Writes each prepared series' volumes as NumPy {@code .npy} files with a JSON sidecar under
 * {@code <output>/volumes/<split>/<patient>/<series>/} (ids from folder names made safe by
 * {@link SafeName}), atomically, and emits its info record
 * as a JSON line. A series whose files cannot be written goes to the dead letters.
 */
final class WriteVolumes extends PTransform<PCollection<KV<SeriesRef, SegmentedSeries>>, PCollectionTuple> {
  static final TupleTag<String> INFO = new TupleTag<>() {};
  /** Info records by series id, before the aortic HU is added. */
  private static final TupleTag<KV<String, String>> WRITTEN = new TupleTag<>() {};
  static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private final String output;
  private final PCollectionView<Map<String, Double>> aorticHu;

  WriteVolumes(String output, PCollectionView<Map<String, Double>> aorticHu) {
    this.output = Locations.trimmed(output);
    this.aorticHu = aorticHu;
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<SeriesRef, SegmentedSeries>> prepared) {
    PCollectionTuple out = prepared.apply("Write .npy and info", ParDo.of(new WriteFn(output))
        .withOutputTags(WRITTEN, TupleTagList.of(DEAD_LETTERS)));
    // The aortic HU joins the small info records, not the writing: a side input there would stop
    // Flink from chaining the writing to the reading, and every volume would be serialised between them.
    PCollection<String> info = out.get(WRITTEN)
        .apply("Add aortic HU", ParDo.of(new AddAorticHu(aorticHu)).withSideInputs(aorticHu));
    return PCollectionTuple.of(INFO, info).and(DEAD_LETTERS, out.get(DEAD_LETTERS));
  }

  /** Sets each info record's {@code aortic_hu} from the series metadata, keeping the record's field order. */
  private static final class AddAorticHu extends DoFn<KV<String, String>, String> {
    private final PCollectionView<Map<String, Double>> aorticHu;
    private transient ObjectMapper json;

    AddAorticHu(PCollectionView<Map<String, Double>> aorticHu) {
      this.aorticHu = aorticHu;
    }

    @Setup
    public void setup() {
      json = new ObjectMapper();
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      ObjectNode info = (ObjectNode) json.readTree(context.element().getValue());
      Double aortic = context.sideInput(aorticHu).get(context.element().getKey());
      if (aortic == null) {
        info.putNull(SeriesInfo.AORTIC_HU);
      } else {
        info.put(SeriesInfo.AORTIC_HU, aortic);
      }
      context.output(json.writeValueAsString(info));
    }
  }

  private static final class WriteFn extends DoFn<KV<SeriesRef, SegmentedSeries>, KV<String, String>> {
    private final Counter written = Metrics.counter(WriteVolumes.class, "series-written");
    private final String output;
    private transient ObjectMapper json;

    WriteFn(String output) {
      this.output = output;
    }

    @Setup
    public void setup() {
      json = new ObjectMapper();
    }

    @ProcessElement
    public void process(ProcessContext context) {
      SeriesRef ref = context.element().getKey();
      SegmentedSeries segmented = context.element().getValue();
      PreparedSeries series = segmented.prepared();
      String folder = "volumes/" + ref.split() + "/" + SafeName.of(ref.patientId()) + "/" + SafeName.of(ref.seriesId()) + "/";
      try {
        Map<String, String> files = new LinkedHashMap<>();
        for (WindowedVolume volume : series.volumes()) {
          String name = folder + volume.variant();
          writeArray(name, NpyArray.ofUint8(volume.voxels(), volume.slices(), volume.rows(), volume.columns()),
              sidecar(ref, volume.variant(), "uint8 0..255, " + describe(volume.variant()), series));
          files.put(volume.variant(), name + ".npy");
        }
        var stage1 = series.stage1();
        writeArray(folder + "stage1", NpyArray.ofFloat32(stage1.voxels(), stage1.slices(), stage1.size(), stage1.size()),
            sidecar(ref, "stage1", "float32 0..1, soft-tissue window, every stage-1 slice resized", series));
        files.put("stage1", folder + "stage1.npy");
        if (segmented.organs() != null) {
          var masks = segmented.organs().masks();
          writeArray(folder + "organs", NpyArray.ofUint8(masks.voxels(), org.traumaflow.seg.Organ.COUNT, masks.slices(), masks.height(), masks.width()),
              sidecar(ref, "organs", "uint8 0/1 masks: liver, spleen, left kidney, right kidney, bowel; stage-1 slices", series));
          files.put("organs", folder + "organs.npy");
        }
        context.output(KV.of(ref.seriesId(), json.writeValueAsString(SeriesInfo.of(ref, series, segmented.organs(), null, files))));
        written.inc();
      } catch (IOException | RuntimeException unwritable) {
        context.output(DEAD_LETTERS, new DeadLetter("write-volumes", ref.key(), output + "/" + folder,
            unwritable.getClass().getSimpleName(), String.valueOf(unwritable.getMessage()), true));
      }
    }

    private void writeArray(String name, NpyArray array, Map<String, Object> sidecar) throws IOException {
      OutputFiles.write(output + "/" + name + ".npy", array::writeTo);
      byte[] text = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar);
      OutputFiles.write(output + "/" + name + ".json", out -> out.write(text));
    }

    private static Map<String, Object> sidecar(SeriesRef ref, String variant, String values, PreparedSeries series) {
      Map<String, Object> sidecar = new LinkedHashMap<>();
      sidecar.put("patient_id", ref.patientId());
      sidecar.put("series_id", ref.seriesId());
      sidecar.put("variant", variant);
      sidecar.put("values", values);
      sidecar.put("axes", "slice, row, column (slices ordered along the slice normal)");
      sidecar.put("pixel_spacing", series.geometry().pixelSpacing());
      sidecar.put("z_positions", series.geometry().slicePositions());
      if (variant.equals("stage1") || variant.equals("organs")) {
        sidecar.put("source_slices", series.stage1().sourceSlices());
      }
      return sidecar;
    }

    private static String describe(String variant) {
      return variant.equals("ours") ? "window WL/WW from the spec" : "each file's own window, min-max per slice";
    }
  }

}
