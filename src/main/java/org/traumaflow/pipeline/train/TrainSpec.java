package org.traumaflow.pipeline.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.traumaflow.model.AuxHead;
import org.traumaflow.model.EncoderName;
import org.traumaflow.model.ScriptedEncoder;
import org.traumaflow.model.SequenceModelConfig;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.spec.SpecFile;
import org.traumaflow.storage.LocalMirror;
import org.traumaflow.zoo.TrainingRun;

/**
 * The stage-2 training spec ({@code pipelines/train-*.yaml}): a data location, a fold count and
 * a list of models, each with its folds and seeds. {@link #runs} expands it into one
 * {@link TrainingRun} per model x fold x seed. Everything is validated where the file is read,
 * so a bad spec fails before any training starts.
 */
public record TrainSpec(
    @JsonProperty(value = "data") String data,
    @JsonProperty(value = "folds", required = true) int folds,
    @JsonProperty(value = "models", required = true) List<Model> models) {

  /** Fold value of a run that trains on every patient. */
  public static final String ALL = "all";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> VARIANTS = Set.of("ours", "theo");
  private static final Set<String> PRESETS = Set.of("method", "tiny");
  private static final String TORCHSCRIPT = EncoderName.TORCHSCRIPT.name().toLowerCase(Locale.ROOT);

  /** One model of the zoo. */
  public record Model(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "encoder", required = true) String encoder,
      @JsonProperty(value = "pretrained") String pretrained,
      @JsonProperty(value = "encoder_path") String encoderPath,
      @JsonProperty(value = "preset", required = true) String preset,
      @JsonProperty(value = "head") String head,
      @JsonProperty(value = "task", required = true) String task,
      @JsonProperty(value = "variant", required = true) String variant,
      @JsonProperty(value = "size", required = true) int size,
      @JsonProperty(value = "epochs", required = true) int epochs,
      @JsonProperty(value = "batch_size", required = true) int batchSize,
      @JsonProperty(value = "accumulate_batches") Integer accumulateBatches,
      @JsonProperty(value = "learning_rate", required = true) double learningRate,
      @JsonProperty(value = "warmup_epochs", required = true) int warmupEpochs,
      @JsonProperty(value = "folds", required = true) List<String> folds,
      @JsonProperty(value = "seeds", required = true) List<Long> seeds) {

    /** The aux head type; {@code cnn} when the spec leaves it out. */
    public AuxHead auxHead() {
      return head == null ? AuxHead.CNN : AuxHead.valueOf(head.toUpperCase(Locale.ROOT));
    }

    /** Micro-batches per update: 1 (the whole batch at once) unless the spec says. */
    public int accumulate() {
      return accumulateBatches == null ? 1 : accumulateBatches;
    }
  }

  /** The spec at {@code location}: a local path or {@code gs://...} (a template's parameter), read by {@link SpecFile#read}. */
  public static TrainSpec load(String location) throws InvalidSpecException {
    TrainSpec spec = SpecFile.read(location).as(TrainSpec.class);
    spec.validate(location);
    return spec;
  }

  /** A copy reading its data from {@code location} instead. */
  public TrainSpec withData(String location) {
    return new TrainSpec(location, folds, models);
  }

  /**
   * Every run of the spec, in spec order (model, then fold, then seed). A TorchScript encoder's
   * shape is probed from its file again here (see {@link #config}).
   */
  public List<TrainingRun> runs() {
    List<TrainingRun> runs = new ArrayList<>();
    for (Model model : models) {
      SequenceModelConfig config;
      try {
        config = config(model);
      } catch (IOException e) {
        throw new UncheckedIOException("model '" + model.name() + "': its encoder_path changed after the spec was validated", e);
      }
      for (String fold : model.folds()) {
        for (long seed : model.seeds()) {
          int foldIndex = fold.equals(ALL) ? TrainingRun.ALL_PATIENTS : Integer.parseInt(fold);
          runs.add(new TrainingRun(model.name(), config.toJson(), model.pretrained(), model.encoderPath(), model.variant(), folds, foldIndex,
              seed, model.epochs(), model.batchSize(), model.accumulate(), model.learningRate(), model.warmupEpochs(), data));
        }
      }
    }
    return runs;
  }

  /**
   * The network of {@code model}. A TorchScript encoder's shape comes from one forward of its file
   * (a {@code gs://} one copied to the local mirror first), which also checks the encoder contract:
   * in the launcher, so that a file that breaks it fails the spec before any run starts.
   */
  private static SequenceModelConfig config(Model model) throws IOException {
    SequenceTask task = SequenceTask.valueOf(model.task().toUpperCase(Locale.ROOT));
    EncoderName encoder = EncoderName.valueOf(model.encoder().toUpperCase(Locale.ROOT));
    if (encoder == EncoderName.TORCHSCRIPT) {
      Path file = LocalMirror.file(model.encoderPath(), LocalMirror.defaultCache());
      return SequenceModelConfig.scripted(task, model.size(), ScriptedEncoder.probe(file, model.size())).withHead(model.auxHead());
    }
    SequenceModelConfig preset = model.preset().equals("tiny") ? SequenceModelConfig.tiny(task, encoder) : SequenceModelConfig.method(task, encoder);
    return preset.withInputSize(model.size()).withHead(model.auxHead());
  }

  private void validate(String file) throws InvalidSpecException {
    if (data == null || data.isBlank()) {
      throw invalid(file, "data: the dataset location (from make-volumes) is missing; set it in the spec or pass --data");
    }
    if (folds < 2 || folds > 20) {
      throw invalid(file, "folds must be 2..20, got " + folds);
    }
    if (models.isEmpty()) {
      throw invalid(file, "models: the list is empty, nothing would be trained");
    }
    Set<String> names = new HashSet<>();
    for (Model m : models) {
      String at = "model '" + m.name() + "': ";
      if (!NAME.matcher(m.name()).matches()) {
        throw invalid(file, at + "a name is 1-64 of a-z, 0-9, '.', '_', '-' (it becomes part of the run's storage path)");
      }
      if (!names.add(m.name())) {
        throw invalid(file, at + "the name is used twice");
      }
      checkOneOf(file, at + "encoder", m.encoder(), names(EncoderName.values()));
      checkOneOf(file, at + "task", m.task(), names(SequenceTask.values()));
      checkOneOf(file, at + "variant", m.variant(), VARIANTS);
      checkOneOf(file, at + "preset", m.preset(), PRESETS);
      if (m.head() != null) {
        checkOneOf(file, at + "head", m.head(), names(AuxHead.values()));
      }
      if (m.epochs() < 1 || m.batchSize() < 1 || m.warmupEpochs() < 0 || m.warmupEpochs() >= m.epochs()) {
        throw invalid(file, at + "needs epochs >= 1, batch_size >= 1 and 0 <= warmup_epochs < epochs");
      }
      if (m.accumulate() < 1 || m.batchSize() % m.accumulate() != 0) {
        throw invalid(file, at + "accumulate_batches must divide batch_size into micro-batches of one size, got batch_size "
            + m.batchSize() + " and accumulate_batches " + m.accumulate());
      }
      if (!(m.learningRate() > 0 && m.learningRate() < 1)) {
        throw invalid(file, at + "learning_rate must be in (0, 1), got " + m.learningRate());
      }
      if (m.folds().isEmpty() || m.seeds().isEmpty()) {
        throw invalid(file, at + "needs at least one fold and one seed");
      }
      if (new HashSet<>(m.folds()).size() != m.folds().size() || new HashSet<>(m.seeds()).size() != m.seeds().size()) {
        throw invalid(file, at + "a fold or seed is listed twice");
      }
      for (String fold : m.folds()) {
        if (!fold.equals(ALL) && !(fold.matches("\\d{1,2}") && Integer.parseInt(fold) < folds)) {
          throw invalid(file, at + "fold " + fold + " is out of range: folds are 0.." + (folds - 1) + " or '" + ALL + "'");
        }
      }
      if (m.pretrained() != null) {
        checkPretrained(file, at, m);
      }
      if ((m.encoderPath() != null) != m.encoder().equals(TORCHSCRIPT)) {
        throw invalid(file, at + (m.encoderPath() == null ? "encoder: torchscript needs encoder_path: the TorchScript file scripts/export_encoder.py wrote"
            : "encoder_path is the file of an encoder: torchscript, not of " + m.encoder()));
      }
      if (m.encoderPath() != null) {
        checkScripted(file, at, m);
      }
      try {
        config(m);
      } catch (IllegalArgumentException e) {
        throw invalid(file, at + e.getMessage());
      } catch (IOException e) {
        throw invalid(file, at + "encoder_path: " + e.getMessage());
      }
    }
  }

  /**
   * torchvision's and timm's weights fit the reference layout only, and the file must be there
   * (on any of Beam's file systems, as the spec itself) before a run starts.
   */
  private static void checkPretrained(String file, String at, Model m) throws InvalidSpecException {
    if (m.encoder().equals(TORCHSCRIPT)) {
      throw invalid(file, at + "a TorchScript encoder brings its own weights (scripts/export_encoder.py --weights or --pretrained), not pretrained:");
    }
    if (!m.preset().equals("method")) {
      throw invalid(file, at + "pretrained weights fit the reference layout, preset: method, not " + m.preset());
    }
    checkExists(file, at + "pretrained", m.pretrained(), "python3 scripts/export_state_dict.py " + m.encoder() + " FILE");
  }

  /**
   * A TorchScript encoder is a whole library network, with the method's GRU and heads on top, and
   * its file must be there before a run starts.
   */
  private static void checkScripted(String file, String at, Model m) throws InvalidSpecException {
    if (!m.preset().equals("method")) {
      throw invalid(file, at + "a TorchScript encoder takes the method's GRU and heads, preset: method, not " + m.preset());
    }
    checkExists(file, at + "encoder_path", m.encoderPath(), "python3 scripts/export_encoder.py --arch NAME --size " + m.size() + " --out FILE");
  }

  /** {@code location} (a path or gs://, as the spec itself) is there; else what {@code export} writes it. */
  private static void checkExists(String file, String key, String location, String export) throws InvalidSpecException {
    String missing = key + ": cannot find " + location + " (" + export + " writes one where the internet is)";
    try {
      if (!LocalMirror.exists(location)) {
        throw invalid(file, missing);
      }
    } catch (IOException unreadable) {
      throw invalid(file, missing + ": " + unreadable.getMessage());
    }
  }

  private static void checkOneOf(String file, String what, String value, Set<String> allowed) throws InvalidSpecException {
    if (!allowed.contains(value)) {
      throw invalid(file, what + " '" + value + "' is unknown; known: " + new java.util.TreeSet<>(allowed));
    }
  }

  private static Set<String> names(Enum<?>[] values) {
    Set<String> names = new HashSet<>();
    for (Enum<?> v : values) {
      names.add(v.name().toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private static InvalidSpecException invalid(String file, String message) {
    return new InvalidSpecException(file + ": " + message, null);
  }
}
