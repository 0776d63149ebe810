package org.traumaflow.ensemble;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.traumaflow.label.SliceTarget;
import org.traumaflow.model.SequenceTask;
import org.traumaflow.spec.InvalidSpecException;
import org.traumaflow.spec.SpecFile;
import org.traumaflow.storage.AtomicFiles;

/**
 * The ensemble spec ({@code pipelines/ensemble.yaml}): which trained models make the ensemble,
 * pinned by hash, how much each counts, the per-class {@link Scaling} and how a patient's series
 * are combined. Validated where it is read, so a bad spec fails before anything is scored.
 * Serializable, so the scoring pipeline ships it to its workers as it was verified.
 *
 * @param members the models, each a registry model (its runs) or a TorchScript file
 * @param series how a patient's series are combined: {@code max} (default, the seed's "simply took
 *     the maximum value for each patient") or {@code mean}
 * @param scaling the scaling factors; keys left out take METHOD.md's values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnsembleSpec(
    @JsonProperty(value = "members", required = true) List<Member> members,
    @JsonProperty("series") String series,
    @JsonProperty("scaling") Scaling scaling) implements Serializable {

  /** The file of a registry run whose SHA-256 pins it: its parameters, as {@code registry.json} lists them. */
  public static final String CHECKPOINT_PARAMETERS = "checkpoint/parameters.djl";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Set<String> VARIANTS = Set.of("ours", "theo");

  /** How a patient's series are combined into one prediction. */
  public enum SeriesCombination { MEAN, MAX }

  /**
   * One member. Either {@code model} with {@code runs} (a zoo model, every run it should use) or
   * {@code torchscript} with {@code sha256} and {@code task}.
   *
   * @param name the member's name in messages
   * @param weight its weight in the across-member average of each target it predicts (>= 0)
   * @param variant the preprocessing variant its inputs need: ours or theo
   * @param model the model's name in the registry
   * @param runs the model's runs: their location and the SHA-256 of {@value #CHECKPOINT_PARAMETERS}
   * @param torchscript a TorchScript file (the contract of {@code SequencePredictor.loadTorchScript})
   * @param sha256 the TorchScript file's SHA-256
   * @param task the TorchScript file's task: organs or bowel_extravasation
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Member(
      @JsonProperty(value = "name", required = true) String name,
      @JsonProperty(value = "weight", required = true) double weight,
      @JsonProperty(value = "variant", required = true) String variant,
      @JsonProperty("model") String model,
      @JsonProperty("runs") List<RunRef> runs,
      @JsonProperty("torchscript") String torchscript,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("task") String task) implements Serializable {

    public boolean fromRegistry() {
      return model != null;
    }

    public Member withWeight(double w) {
      return new Member(name, w, variant, model, runs, torchscript, sha256, task);
    }

    /** The TorchScript member's task (a registry member's task is its runs'). */
    public SequenceTask torchScriptTask() {
      return SequenceTask.valueOf(task.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * @param path the run's location as registry.json lists it, or its end (e.g.
   *     {@code tiny-organs/fold-0-seed-1}, relative to the registry's folder)
   * @param sha256 the SHA-256 of the run's {@value #CHECKPOINT_PARAMETERS}
   */
  public record RunRef(@JsonProperty(value = "path", required = true) String path,
                       @JsonProperty(value = "sha256", required = true) String sha256) implements Serializable {

    /** The run's folder: {@code path} itself when absolute or {@code gs://}, else under {@code runsLocation}. */
    public String location(String runsLocation) {
      boolean absolute = path.startsWith("gs://") || Path.of(path).isAbsolute();
      return absolute ? path : runsLocation + "/" + path;
    }
  }

  public EnsembleSpec {
    members = members == null ? null : List.copyOf(members);
    series = series == null ? "max" : series;
    scaling = scaling == null ? Scaling.METHOD : scaling;
  }

  /**
   * Every model of a zoo as one member of weight 1, each pinned to all its registered runs by
   * the hashes the registry lists; series combined by the max, METHOD.md's scaling. The start
   * {@code tune-ensemble} takes when no spec is given.
   *
   * @throws IllegalArgumentException when the registry has no runs, or a run lists no parameters hash
   */
  public static EnsembleSpec fromRegistry(org.traumaflow.zoo.ZooRegistry zoo) {
    java.util.Map<String, List<org.traumaflow.zoo.RunRecord>> byModel = new java.util.TreeMap<>();
    zoo.runs().forEach(r -> byModel.computeIfAbsent(r.model(), m -> new java.util.ArrayList<>()).add(r));
    if (byModel.isEmpty()) {
      throw new IllegalArgumentException("the registry lists no finished runs");
    }
    Set<String> ids = new HashSet<>();
    for (org.traumaflow.zoo.RunRecord run : zoo.runs()) {
      if (!ids.add(run.id())) {
        // Listed twice, it would weigh twice in every average of the tuned spec.
        throw new IllegalArgumentException("the registry lists run " + run.id() + " twice");
      }
    }
    List<Member> members = new java.util.ArrayList<>();
    byModel.forEach((model, runs) -> {
      List<RunRef> refs = new java.util.ArrayList<>();
      for (org.traumaflow.zoo.RunRecord run : runs) {
        String hash = run.files().get(CHECKPOINT_PARAMETERS);
        if (hash == null) {
          throw new IllegalArgumentException("run " + run.id() + " lists no " + CHECKPOINT_PARAMETERS);
        }
        refs.add(new RunRef(run.id(), hash));
      }
      members.add(new Member(model, 1.0, runs.get(0).variant(), model, refs, null, null, null));
    });
    return new EnsembleSpec(members, "max", Scaling.METHOD);
  }

  /** Reads and validates the spec at a local path or {@code gs://} object. */
  public static EnsembleSpec read(String location) throws InvalidSpecException {
    return of(SpecFile.read(location));
  }

  /** A spec as read, validated; messages name the file. */
  public static EnsembleSpec of(SpecFile file) throws InvalidSpecException {
    EnsembleSpec spec = file.as(EnsembleSpec.class);
    spec.validate(file.name());
    return spec;
  }

  public SeriesCombination seriesCombination() {
    return SeriesCombination.valueOf(series.toUpperCase(Locale.ROOT));
  }

  public EnsembleSpec withMembers(List<Member> changed) {
    return new EnsembleSpec(changed, series, scaling);
  }

  public EnsembleSpec withScaling(Scaling changed) {
    return new EnsembleSpec(members, series, changed);
  }

  /** Writes the spec as YAML atomically, under a comment header (e.g. how it was tuned). */
  public void write(Path file, String header) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    String comment = header.lines().map(l -> "# " + l + "\n").reduce("", String::concat);
    AtomicFiles.write(file, (comment + yaml.writeValueAsString(this)).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @param file named in the message
   * @throws InvalidSpecException naming the file, the member and the fault
   */
  private void validate(String file) throws InvalidSpecException {
    if (members == null || members.isEmpty()) {
      throw invalid(file, "members: the list is empty, there is nothing to ensemble");
    }
    if (!Set.of("mean", "max").contains(series)) {
      throw invalid(file, "series '" + series + "' is unknown; known: [max, mean]");
    }
    for (int i = 0; i < Scaling.FACTOR_NAMES.size(); i++) {
      double f = scaling.factors().get(i);
      if (!(f >= 0 && f < 1e6)) {
        throw invalid(file, "scaling: " + Scaling.FACTOR_NAMES.get(i) + " must be a finite number >= 0, got " + f);
      }
    }
    if (!(scaling.extravasationPrevalence() > 0 && scaling.extravasationPrevalence() < 1)) {
      throw invalid(file, "scaling: extravasation_prevalence must be in (0, 1), got " + scaling.extravasationPrevalence());
    }
    Set<String> names = new HashSet<>();
    for (Member m : members) {
      String at = "member '" + m.name() + "': ";
      if (m.name() == null || m.name().isBlank() || !names.add(m.name())) {
        throw invalid(file, at + "every member needs its own non-empty name");
      }
      if (!(m.weight() >= 0 && m.weight() < 1e6)) {
        throw invalid(file, at + "weight must be a finite number >= 0, got " + m.weight());
      }
      if (!VARIANTS.contains(m.variant())) {
        throw invalid(file, at + "variant '" + m.variant() + "' is unknown; known: [ours, theo]");
      }
      if (m.fromRegistry() == (m.torchscript() != null)) {
        throw invalid(file, at + "needs exactly one of 'model' (a registry model with its runs) or 'torchscript'");
      }
      if (m.fromRegistry()) {
        if (m.runs() == null || m.runs().isEmpty() || m.sha256() != null || m.task() != null) {
          throw invalid(file, at + "a registry member lists its runs (path, sha256) and takes its task from them; no sha256 or task of its own");
        }
        for (RunRef run : m.runs()) {
          checkHash(file, at + "run " + run.path() + ": ", run.sha256());
        }
      } else {
        if (m.runs() != null) {
          throw invalid(file, at + "a TorchScript member has no runs");
        }
        checkHash(file, at, m.sha256());
        if (m.task() == null || !Set.of("organs", "bowel_extravasation").contains(m.task())) {
          throw invalid(file, at + "task must be organs or bowel_extravasation, got " + m.task());
        }
      }
    }
  }

  /**
   * Each run at most once in the whole spec: a run listed twice (by the same path, or once
   * absolute and once under {@code runsLocation}) would weigh twice in its member's average,
   * and a run in two members would be counted by both.
   *
   * @throws InvalidSpecException naming the run and both members
   */
  public void requireDistinctRuns(String file, String runsLocation) throws InvalidSpecException {
    Map<String, String> memberOf = new java.util.HashMap<>();
    for (Member m : members) {
      if (!m.fromRegistry()) {
        continue;
      }
      for (RunRef run : m.runs()) {
        String earlier = memberOf.putIfAbsent(canonical(run.location(runsLocation)), m.name());
        if (earlier != null) {
          throw invalid(file, "member '" + m.name() + "': run " + run.path() + " is listed twice (also in member '" + earlier
              + "'); each run may weigh once");
        }
      }
    }
  }

  /** One spelling per folder: gs:// paths without empty or "." segments, local paths absolute and normalised. */
  private static String canonical(String location) {
    if (location.startsWith("gs://")) {
      return "gs://" + String.join("/", java.util.Arrays.stream(location.substring(5).split("/"))
          .filter(part -> !part.isEmpty() && !part.equals(".")).toList());
    }
    return Path.of(location).toAbsolutePath().normalize().toString();
  }

  /**
   * Every target that some member predicts must have a positive total weight there, or its
   * weighted average is undefined.
   */
  public void requirePositiveWeights(String file, Map<String, SequenceTask> tasks) throws InvalidSpecException {
    Set<SliceTarget> predicted = EnumSet.noneOf(SliceTarget.class);
    Set<SliceTarget> weighted = EnumSet.noneOf(SliceTarget.class);
    for (Member m : members) {
      List<SliceTarget> targets = tasks.get(m.name()).targets();
      predicted.addAll(targets);
      if (m.weight() > 0) {
        weighted.addAll(targets);
      }
    }
    predicted.removeAll(weighted);
    if (!predicted.isEmpty()) {
      throw invalid(file, "every member predicting " + predicted.stream().map(SliceTarget::column).toList() + " has weight 0");
    }
  }

  private static void checkHash(String file, String at, String sha256) throws InvalidSpecException {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw invalid(file, at + "sha256 must be 64 lower-case hex digits, got " + sha256);
    }
  }

  private static InvalidSpecException invalid(String file, String message) {
    return new InvalidSpecException(file + ": " + message, null);
  }
}
