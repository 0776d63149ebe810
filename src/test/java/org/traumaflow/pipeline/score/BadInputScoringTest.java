package org.traumaflow.pipeline.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.report.ScoreReport;
import org.traumaflow.report.SeriesMontage;
import org.traumaflow.storage.SafeName;
import org.traumaflow.testing.BadInputCorpus;
import org.traumaflow.testing.CliRun;
import org.traumaflow.testing.SingleThreadedTorch;
import org.traumaflow.testing.SmallDataset;
import org.traumaflow.testing.TinyZoo;

/**
 * One {@code traumaflow score} run over good studies mixed with every kind of bad input
 * ({@link BadInputCorpus}): the good studies score as they do alone, every bad item has its dead
 * letter with its reason, the exit status says so, no identifying attribute of the files reaches
 * any output or log line, and no id from a folder name or a tag writes outside the output.
 */
@ExtendWith(SingleThreadedTorch.class)
class BadInputScoringTest {
  @TempDir static Path dir;
  static TinyZoo zoo;
  static BadInputCorpus corpus;
  static Path clean;
  static Path mixed;
  static CliRun run;
  static String consoleDuringRun;

  @BeforeAll
  static void scoreCleanAndMixed() throws Exception {
    zoo = TinyZoo.shared();
    corpus = BadInputCorpus.write(dir.resolve("corpus"));
    clean = dir.resolve("scored-clean");
    CliRun alone = score(SmallDataset.root(), clean);
    assertEquals(0, alone.exitCode(), alone.stderr());
    mixed = dir.resolve("mixed-parent").resolve("scored");
    // Beam and its libraries log to the process' streams, not the command's: both are kept too.
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(new Tee(out, console), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(err, console), true, StandardCharsets.UTF_8));
      // In passes of a few series, as the direct runner scores a night's studies: what a series'
      // read reported in an earlier pass must still be in the one dead-letter file.
      run = score(corpus.root(), mixed, "--fail-on-dead-letters", "--series-per-pass", "4");
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    consoleDuringRun = console.toString(StandardCharsets.UTF_8);
  }

  private static CliRun score(Path input, Path output, String... more) {
    return CliRun.of(zoo.scoreArguments(input, output, more).toArray(String[]::new));
  }

  @Test
  void everyGoodStudyScoresAsItDoesWithoutTheBadInput() throws Exception {
    Map<String, String> cleanRows = submissionRows(clean);
    Map<String, String> mixedRows = submissionRows(mixed);
    Map<String, JsonNode> cleanPredictions = predictions(clean);
    Map<String, JsonNode> mixedPredictions = predictions(mixed);
    for (int patient : corpus.goodPatients()) {
      String id = Integer.toString(patient);
      assertTrue(cleanRows.containsKey(id) && cleanPredictions.containsKey(id), "patient " + id + " scored alone");
      assertEquals(cleanRows.get(id), mixedRows.get(id), "patient " + id + "'s submission row, byte for byte");
      assertEquals(cleanPredictions.get(id), mixedPredictions.get(id), "patient " + id + "'s predictions");
    }
  }

  @Test
  void everyBadItemIsADeadLetterWithItsReason() throws Exception {
    List<JsonNode> letters = ScorePipelineTest.lines(mixed.resolve(ScorePipeline.DEAD_LETTERS));
    for (BadInputCorpus.Expected expected : corpus.expected()) {
      boolean found = letters.stream().anyMatch(l -> l.get("item").asText().equals(expected.item())
          && l.get("stage").asText().equals(expected.stage())
          && l.get("error").asText().equals(expected.errorType())
          && l.get("reason").asText().contains(expected.reason())
          && l.get("dropped").asBoolean() == expected.dropped());
      assertTrue(found, expected.category() + ": expected " + expected + " among\n" + String.join("\n", letters.stream().map(JsonNode::toString).toList()));
    }
    for (JsonNode letter : letters) {
      assertFalse(letter.get("error").asText().startsWith("internal error") || letter.get("reason").asText().startsWith("internal error"),
          "no bad input may end as an internal error: " + letter);
    }
  }

  @Test
  void seriesReadDespiteAFaultStillScore() throws Exception {
    Map<String, JsonNode> byPatient = predictions(mixed);
    for (String key : corpus.stillScored()) {
      String[] ids = key.split("/");
      JsonNode prediction = byPatient.get(ids[0]);
      assertTrue(prediction != null && !prediction.get("fallback").asBoolean(), key + " scored: " + prediction);
      List<String> series = new ArrayList<>();
      prediction.get("series").forEach(s -> series.add(s.asText()));
      assertEquals(List.of(ids[1]), series, key + ": only the selected, readable series of the patient");
    }
  }

  @Test
  void theExitStatusAndSummaryLineSayHowManyFailed() throws Exception {
    long letters = ScorePipelineTest.lines(mixed.resolve(ScorePipeline.DEAD_LETTERS)).size();
    assertEquals(1, run.exitCode(), "--fail-on-dead-letters: " + run.stderr());
    assertTrue(run.stderr().contains("; " + letters + " dead letters in " + mixed.resolve(ScorePipeline.DEAD_LETTERS)), run.stderr());
    assertTrue(Files.isRegularFile(mixed.resolve(ScorePipeline.SUBMISSION)) && Files.isRegularFile(mixed.resolve(ScoreReport.FILE)),
        "the outputs are written all the same");
    assertTrue(submissionRows(mixed).containsKey("91013"), "the empty patient folder's patient keeps a (fallback) row");
  }

  @Test
  void noIdentifyingAttributeReachesAnyOutputOrLogLine() throws Exception {
    List<String> values = new ArrayList<>(BadInputCorpus.IDENTIFYING_PARTS);
    BadInputCorpus.IDENTIFYING.forEach(id -> values.add(id.value()));
    List<Path> files;
    try (Stream<Path> walk = Files.walk(mixed)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".png")) && files.stream().anyMatch(f -> f.toString().endsWith(".json")),
        "montages and ledger entries are among the files checked: " + files);
    for (Path file : files) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      if (file.toString().endsWith(".png")) {
        text += pngTextChunks(Files.readAllBytes(file));
      }
      for (String value : values) {
        assertFalse(text.contains(value), file + " holds '" + value + "'");
      }
    }
    for (String value : values) {
      assertFalse(run.stdout().contains(value) || run.stderr().contains(value) || consoleDuringRun.contains(value), "a log line holds '" + value + "'");
    }
  }

  @Test
  void idsFromFolderNamesAndTagsNeverWriteOutsideTheOutput() throws Exception {
    try (Stream<Path> parent = Files.list(mixed.getParent())) {
      assertEquals(List.of(mixed), parent.toList(), "nothing beside the output location");
    }
    // A safe name, or the hidden sibling that the local store locks a safe name's commit with.
    Pattern safe = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*|\\.[A-Za-z0-9_-][A-Za-z0-9._-]*\\.lock");
    try (Stream<Path> walk = Files.walk(mixed)) {
      for (Path file : walk.filter(p -> !p.equals(mixed)).toList()) {
        for (Path part : mixed.relativize(file)) {
          assertTrue(safe.matcher(part.toString()).matches(), "an unsafe name under the output: " + file);
        }
      }
    }
    assertTrue(Files.isRegularFile(mixed.resolve(SeriesMontage.file(corpus.oddPatient(), "..series 1"))),
        "the odd folder names' series has its montage under safe names");

    // Preprocessing names its volumes after the same folders.
    Path odd = dir.resolve("odd-only").resolve("test_images");
    SmallDataset.copyTree(corpus.root().resolve("test_images").resolve(corpus.oddPatient()), odd.resolve(corpus.oddPatient()));
    Path volumes = dir.resolve("preprocess-parent").resolve("out");
    CliRun preprocess = CliRun.of("preprocess", "--input", odd.getParent().toString(), "--output", volumes.toString(), "--spec", zoo.preprocess().toString());
    assertEquals(0, preprocess.exitCode(), preprocess.stderr());
    try (Stream<Path> parent = Files.list(volumes.getParent())) {
      assertEquals(List.of(volumes), parent.toList(), "nothing beside the output location");
    }
    Path folder = volumes.resolve("volumes/test").resolve(SafeName.of(corpus.oddPatient())).resolve(SafeName.of("..series 1"));
    assertTrue(Files.isRegularFile(folder.resolve("ours.npy")), "volumes under safe names: " + folder);
  }

  @Test
  void runLevelBadInputExitsTwoNamingTheFileBeforeAnythingIsWritten() throws Exception {
    Path noColumn = SmallDataset.copyTo(dir.resolve("no-column"));
    List<String> train = Files.readAllLines(noColumn.resolve("train.csv"));
    List<String> cut = train.stream().map(line -> line.substring(0, line.lastIndexOf(','))).toList();
    Files.write(noColumn.resolve("train.csv"), cut);
    assertRefused(score(noColumn, dir.resolve("never-no-column")), noColumn.resolve("train.csv").toString(), dir.resolve("never-no-column"));

    Path truthNoColumn = Files.write(dir.resolve("truth-no-column.csv"), cut);
    assertRefused(score(SmallDataset.root(), dir.resolve("never-truth"), "--truth", truthNoColumn.toString()),
        truthNoColumn.toString(), dir.resolve("never-truth"));

    Path unknownKey = Files.writeString(dir.resolve("preprocess-unknown.yaml"), Files.readString(zoo.preprocess()) + "\nseries_filter: axial\n");
    List<String> args = new ArrayList<>(zoo.scoreArguments(SmallDataset.root(), dir.resolve("never-unknown")));
    args.set(args.indexOf(zoo.preprocess().toString()), unknownKey.toString());
    CliRun unknown = CliRun.of(args.toArray(String[]::new));
    assertRefused(unknown, unknownKey.toString(), dir.resolve("never-unknown"));
    assertTrue(unknown.stderr().contains("series_filter"), unknown.stderr());
  }

  private static void assertRefused(CliRun run, String file, Path output) throws IOException {
    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("error: ") && run.stderr().contains(file), "names " + file + ": " + run.stderr());
    assertEquals(1, run.stderr().lines().count(), "one line: " + run.stderr());
    if (Files.exists(output)) {
      try (Stream<Path> walk = Files.walk(output)) {
        assertEquals(List.of(), walk.filter(Files::isRegularFile).toList(), "nothing written");
      }
    }
  }

  private static Map<String, String> submissionRows(Path output) throws IOException {
    Map<String, String> rows = new HashMap<>();
    for (String line : Files.readAllLines(output.resolve(ScorePipeline.SUBMISSION))) {
      rows.put(line.substring(0, line.indexOf(',')), line);
    }
    return rows;
  }

  private static Map<String, JsonNode> predictions(Path output) throws IOException {
    Map<String, JsonNode> byPatient = new HashMap<>();
    for (JsonNode p : ScorePipelineTest.lines(output.resolve(ScorePipeline.PREDICTIONS))) {
      byPatient.put(p.get("patient_id").asText(), p);
    }
    return byPatient;
  }

  /** The text of a PNG's tEXt, zTXt and iTXt chunks, compressed ones inflated. */
  private static String pngTextChunks(byte[] png) throws IOException {
    StringBuilder text = new StringBuilder();
    ByteBuffer buffer = ByteBuffer.wrap(png);
    buffer.position(8);
    while (buffer.remaining() >= 12) {
      int length = buffer.getInt();
      String type = new String(png, buffer.position(), 4, StandardCharsets.US_ASCII);
      byte[] data = new byte[length];
      buffer.position(buffer.position() + 4);
      buffer.get(data);
      buffer.getInt();
      if (type.equals("zTXt") || type.equals("iTXt")) {
        int keywordEnd = indexOfZero(data, 0);
        text.append(new String(data, 0, keywordEnd, StandardCharsets.ISO_8859_1)).append('\n');
        boolean compressed = type.equals("zTXt") || data[keywordEnd + 1] == 1;
        int start = type.equals("zTXt") ? keywordEnd + 2 : indexOfZero(data, indexOfZero(data, keywordEnd + 3) + 1) + 1;
        text.append(compressed ? inflate(data, start) : new String(data, start, data.length - start, StandardCharsets.UTF_8)).append('\n');
      } else if (type.equals("tEXt")) {
        text.append(new String(data, StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return text.toString();
  }

  private static int indexOfZero(byte[] data, int from) {
    for (int i = from; i < data.length; i++) {
      if (data[i] == 0) {
        return i;
      }
    }
    return data.length;
  }

  private static String inflate(byte[] data, int from) throws IOException {
    Inflater inflater = new Inflater();
    inflater.setInput(data, from, data.length - from);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    try {
      while (!inflater.finished() && !inflater.needsInput()) {
        out.write(chunk, 0, inflater.inflate(chunk));
      }
    } catch (DataFormatException e) {
      throw new IOException("a PNG text chunk that does not inflate", e);
    } finally {
      inflater.end();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes to the original stream and keeps a copy. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
