package org.traumaflow.pipeline.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How every pipeline tunes the runner it runs on, set in one place before the pipeline is created.
 *
 * <p>On Flink, Flink's DataStream API in batch mode: there, a series' reading, segmentation and
 * writing chain in one task, so its volumes (hundreds of megabytes) stay in memory between the
 * steps. Beam's DataSet translation, the default, hands every output of a multi-output step (each
 * of ours has a dead-letter output) to the next task through Flink's network stack, which spills
 * records that large to disk and reads them back: two thirds of a preprocess run's time
 * (BENCHMARKS.md, "Where the second worker waits"). The training pipelines carry small elements
 * (a run, a job) and gain nothing from it, but lose nothing either: they run the same way, so one
 * Flink setup serves every job.
 *
 * <p>No step mutates an element after output or an input it was given, so Flink may hand elements
 * on without a coder copy between chained operators (object reuse), and the direct runner need not
 * check that promise: its checks encode every element once more and keep the copy, so a
 * 1,500-slice series would be held three times more between reading, preprocessing and
 * segmentation, and overflow a 4 GB heap (RELIABILITY.md). An embedded Flink gets
 * {@code pipelines/flink-conf.yaml} unless the run names its own configuration.
 */
public final class RunnerTuning {
  private static final String EMBEDDED_CONFIGURATION = "/pipelines/flink-conf.yaml";
  private static Path embeddedConfigurationFolder;

  private RunnerTuning() {}

  /** Sets the options of the runner {@code options} names, Flink's or the direct runner's; other runners are left alone. */
  public static void configure(PipelineOptions options) {
    configure(options, System.getenv());
  }

  /** As {@link #configure(PipelineOptions)}, with the process environment given. */
  static void configure(PipelineOptions options, Map<String, String> environment) {
    if (options.getRunner() == DirectRunner.class) {
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setEnforceImmutability(false);
      direct.setEnforceEncodability(false);
    }
    if (options.getRunner() != FlinkRunner.class) {
      return;
    }
    FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
    flink.setObjectReuse(true);
    flink.setUseDataStreamForBatch(true);
    if (embedded(flink.getFlinkMaster()) && flink.getFlinkConfDir() == null && !configuredBy(environment)) {
      flink.setFlinkConfDir(embeddedConfiguration().toString());
    }
  }

  /** Whether {@code master} starts Flink inside this JVM. */
  private static boolean embedded(String master) {
    return master == null || master.equals("[local]") || master.equals("[auto]") || master.equals("[collection]");
  }

  /** Whether the environment names a Flink configuration folder, which Flink then reads itself. */
  private static boolean configuredBy(Map<String, String> environment) {
    String folder = environment.get("FLINK_CONF_DIR");
    return folder != null && !folder.isBlank();
  }

  /** A folder holding the built-in {@code flink-conf.yaml}, written once per JVM. */
  private static synchronized Path embeddedConfiguration() {
    if (embeddedConfigurationFolder == null) {
      try (InputStream in = RunnerTuning.class.getResourceAsStream(EMBEDDED_CONFIGURATION)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks " + EMBEDDED_CONFIGURATION);
        }
        Path folder = Files.createTempDirectory("traumaflow-flink-conf");
        Files.copy(in, folder.resolve("flink-conf.yaml"));
        folder.resolve("flink-conf.yaml").toFile().deleteOnExit();
        folder.toFile().deleteOnExit();
        embeddedConfigurationFolder = folder;
      } catch (IOException unwritable) {
        throw new UncheckedIOException("cannot write Flink's configuration for an embedded run", unwritable);
      }
    }
    return embeddedConfigurationFolder;
  }
}
