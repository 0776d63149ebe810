package org.traumaflow.synth;

/**
 * Renders a series slice by slice, lowest z first, so only one slice is in memory at a time.
 */
final class SeriesRenderer {
  /** Receives each slice; the arrays are reused for the next slice, so copy what you keep. */
  interface SliceConsumer {
    void accept(RenderedSlice slice) throws java.io.IOException;
  }

  private final AbdomenModel model;
  private final Acquisition acquisition;
  private final TissueContrast contrast;
  private final long noiseSeed;

  SeriesRenderer(AbdomenModel model, Acquisition acquisition, TissueContrast contrast, long noiseSeed) {
    this.model = model;
    this.acquisition = acquisition;
    this.contrast = contrast;
    this.noiseSeed = noiseSeed;
  }

  void render(SliceConsumer consumer) throws java.io.IOException {
    SliceCanvas canvas = acquisition.canvas();
    CtNoise noise = new CtNoise(acquisition.rows(), acquisition.columns());
    short[] hu = new short[acquisition.rows() * acquisition.columns()];
    for (int k = 0; k < acquisition.slices(); k++) {
      double z = acquisition.z()[k];
      paint(canvas, z);
      noise.render(canvas.hu, canvas.rows, canvas.cols, acquisition.noiseSd(), Rng.derive(noiseSeed, k), acquisition.encoding(), hu);
      consumer.accept(new RenderedSlice(k, acquisition.instanceNumbers()[k], z, hu, canvas.label, canvas.finding));
    }
  }

  /** Paints the noise-free slice at z onto the canvas. */
  void paint(SliceCanvas canvas, double z) {
    canvas.reset(z);
    model.paint(canvas, contrast);
  }
}
