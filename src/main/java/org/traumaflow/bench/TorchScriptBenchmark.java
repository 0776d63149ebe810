package org.traumaflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.SequencePredictor;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.sequence.NpyArray;
import org.traumaflow.sequence.SequenceSample;

/**
 * The same TorchScript member (ResNet-18 per triplet, bidirectional GRU, 10 outputs) run by
 * DJL ({@link SequencePredictor#loadTorchScript}) and by PyTorch's own Python in one
 * invocation, on one window: the cost of running members from Java. PyTorch runs on one
 * intra-op thread; DJL on what {@code ai.djl.pytorch.num_threads} says (1 under the launcher's
 * benchmark settings).
 */
public final class TorchScriptBenchmark {
  private final Path work;
  private final int size;
  private final int repeats;
  private final PrintWriter progress;

  /** Medians of one forward pass on one window, and DJL's time over PyTorch's. */
  public record Result(int size, String torchVersion, double torchSeconds, double djlSeconds) {
    public double ratio() {
      return djlSeconds / torchSeconds;
    }
  }

  public TorchScriptBenchmark(Path work, int size, int repeats, PrintWriter progress) {
    if (size < 32 || size % 32 != 0 || repeats < 1) {
      throw new IllegalArgumentException("the window size must be a multiple of 32 and repeats at least 1, got " + size + " and " + repeats);
    }
    this.work = work;
    this.size = size;
    this.repeats = repeats;
    this.progress = progress;
  }

  public Result run() throws IOException, InterruptedException {
    progress.println("bench model: PyTorch traces and times the member at " + size + " px");
    JsonNode torch = new ObjectMapper().readTree(ReferenceScript.run(work, "torchscript_member_bench.py", "python3-torch python3-torchvision",
        work.toString(), Integer.toString(size), Integer.toString(repeats)));
    List<Double> torchSeconds = new ArrayList<>();
    torch.get("seconds").forEach(v -> torchSeconds.add(v.asDouble()));
    NpyArray images;
    try (InputStream in = Files.newInputStream(work.resolve("images.npy"))) {
      images = NpyArray.read(in);
    }
    SequenceSample window = new SequenceSample(0, "bench", "ours", 0, size, new int[SequenceSample.STEPS * SequenceSample.CHANNELS],
        images.data(), new float[SequenceSample.STEPS * SliceTarget.COUNT], 1, new byte[SequenceSample.STEPS * SequenceSample.MaskOrgan.COUNT]);
    progress.println("bench model: DJL runs the same member");
    List<Double> djlSeconds = new ArrayList<>();
    try (SequencePredictor member = SequencePredictor.loadTorchScript(work.resolve("member.pt"), SequenceTask.ORGANS, 1)) {
      member.predict(window);
      for (int i = 0; i < repeats; i++) {
        long start = System.nanoTime();
        member.predict(window);
        djlSeconds.add((System.nanoTime() - start) / 1e9);
      }
    }
    return new Result(size, torch.get("torch").asText(), SequenceModelBenchmark.median(torchSeconds.stream().mapToDouble(Double::doubleValue).toArray()),
        SequenceModelBenchmark.median(djlSeconds.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  public static String table(Result r) {
    return "| member | px | PyTorch " + r.torchVersion() + " s (median) | DJL s (median) | DJL / PyTorch |\n"
        + "|---|---:|---:|---:|---:|\n"
        + String.format(Locale.ROOT, "| ResNet-18 + GRU (TorchScript) | %d | %.3f | %.3f | %.2fx |%n", r.size(), r.torchSeconds(), r.djlSeconds(), r.ratio());
  }
}
