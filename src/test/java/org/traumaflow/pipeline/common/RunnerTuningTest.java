package org.traumaflow.pipeline.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/** The runner settings every pipeline runs under (BENCHMARKS.md, "Where the second worker waits"). */
class RunnerTuningTest {
  @Test
  void anEmbeddedRunGetsTheDataStreamRuntimeWithPipelinedExchangesAndEveryOperatorAtTheJobsParallelism() {
    FlinkPipelineOptions flink = configured("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2").as(FlinkPipelineOptions.class);
    assertTrue(flink.getUseDataStreamForBatch(), "the DataSet runtime serialises every multi-output step's volumes");
    assertTrue(flink.getObjectReuse());
    // Read the way Flink reads it, so a key Flink does not know by that name fails here.
    Configuration conf = GlobalConfiguration.loadConfiguration(flink.getFlinkConfDir());
    assertEquals("ALL_EXCHANGES_PIPELINED", conf.toMap().get("execution.batch-shuffle-mode"));
    assertEquals("default", conf.toMap().get("jobmanager.scheduler"), "the adaptive batch scheduler gives the series step one worker");
  }

  @Test
  void aConfigurationTheOperatorNamedIsLeftAlone() throws Exception {
    Path own = Files.createTempDirectory("own-flink-conf");
    FlinkPipelineOptions flink = configured("--runner=FlinkRunner", "--flinkMaster=[local]", "--flinkConfDir=" + own).as(FlinkPipelineOptions.class);
    assertEquals(own.toString(), flink.getFlinkConfDir());
    PipelineOptions fromEnvironment = PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[local]").create();
    RunnerTuning.configure(fromEnvironment, Map.of("FLINK_CONF_DIR", own.toString()));
    assertNull(fromEnvironment.as(FlinkPipelineOptions.class).getFlinkConfDir(), "Flink reads FLINK_CONF_DIR itself");
  }

  @Test
  void aClusterKeepsItsOwnConfigurationAndTheDirectRunnerGetsNoFlinkSettings() {
    assertNull(configured("--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081").as(FlinkPipelineOptions.class).getFlinkConfDir(),
        "a session cluster's configuration is its own (scripts/flink-cluster writes the same keys)");
    FlinkPipelineOptions direct = configured("--runner=DirectRunner").as(FlinkPipelineOptions.class);
    assertNull(direct.getFlinkConfDir());
    assertFalse(Boolean.TRUE.equals(direct.getUseDataStreamForBatch()));
  }

  @Test
  void theDirectRunnerKeepsNoCheckingCopiesOfLargeElements() {
    DirectOptions direct = configured("--runner=DirectRunner").as(DirectOptions.class);
    assertFalse(direct.isEnforceImmutability(), "a copy of every series would overflow a 4 GB heap");
    assertFalse(direct.isEnforceEncodability());
    FlinkPipelineOptions flink = configured("--runner=FlinkRunner").as(FlinkPipelineOptions.class);
    assertTrue(flink.as(DirectOptions.class).isEnforceImmutability(), "only the direct runner's own options are set");
  }

  private static PipelineOptions configured(String... args) {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args).create();
    RunnerTuning.configure(options, Map.of());
    return options;
  }
}
