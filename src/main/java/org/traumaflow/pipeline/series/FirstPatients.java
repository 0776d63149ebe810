package org.traumaflow.pipeline.series;

import java.util.List;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Top;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.traumaflow.pipeline.common.SeriesRef;

/** Keeps the series of the first {@code n} patients in {@link DiscoverSeries.PatientOrder}, whatever source found them. */
final class FirstPatients extends PTransform<PCollection<SeriesRef>, PCollection<SeriesRef>> {
  private final int limit;

  private FirstPatients(int limit) {
    this.limit = limit;
  }

  static FirstPatients of(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    return new FirstPatients(limit);
  }

  @Override
  public PCollection<SeriesRef> expand(PCollection<SeriesRef> series) {
    PCollectionView<List<String>> kept = series
        .apply("Patient ids", MapElements.into(TypeDescriptors.strings()).via(SeriesRef::patientId))
        .apply("Distinct patients", Distinct.create())
        .apply("First patients", Top.of(limit, new DiscoverSeries.LaterPatientFirst()))
        .apply("As side input", View.asSingleton());
    return series.apply("Keep first " + limit + " patients", ParDo.of(new KeepPatients(kept)).withSideInputs(kept));
  }

  private static final class KeepPatients extends DoFn<SeriesRef, SeriesRef> {
    private final PCollectionView<List<String>> kept;

    KeepPatients(PCollectionView<List<String>> kept) {
      this.kept = kept;
    }

    @ProcessElement
    public void process(@Element SeriesRef ref, ProcessContext context) {
      if (context.sideInput(kept).contains(ref.patientId())) {
        context.output(ref);
      }
    }
  }
}
