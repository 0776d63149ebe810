package org.traumaflow.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.traumaflow.nn.MultilabelDice;
import org.traumaflow.testing.SingleThreadedTorch;

/**
 * Trains the tiny network once on seeded toy volumes (12 patients of 48 slices at 32 x 32, two
 * chunks each; 4 held-out patients) and checks what it learned. The tiny model needs a higher
 * peak learning rate than the method's 5e-4 to learn in 144 steps (12 epochs of batch 2): 3e-3.
 * Measured here: validation Dice liver 0.95, spleen 0.87 after training, 0.01 and 0.05 before.
 */
@ExtendWith(SingleThreadedTorch.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinyModelLearnsTest {
  static final int SLICES = 48;
  static final int SIZE = 32;
  static final double LIVER_THRESHOLD = 0.8;
  static final double SPLEEN_THRESHOLD = 0.7;

  private List<SyntheticOrgans.Study> heldOut;
  private double[] untrained;
  private List<EpochReport> reports;
  private final StringWriter printed = new StringWriter();
  private Path checkpoint;

  @BeforeAll
  void train(@TempDir Path dir) throws IOException {
    List<SyntheticOrgans.Study> training = SyntheticOrgans.studies(12, SLICES, SIZE, 1);
    heldOut = SyntheticOrgans.studies(4, SLICES, SIZE, 2);
    List<SegmentationSample> validation = SyntheticOrgans.chunks(heldOut, 32);
    SegmentationTrainer trainer = SegmentationTrainer.builder()
        .optEpochs(12)
        .optBatchSize(2)
        .optLearningRate(3e-3f)
        .optSeed(5)
        .optListener(SegmentationTrainer.printingTo(new PrintWriter(printed)))
        .build();
    checkpoint = dir.resolve("tiny");
    try (SegmentationModel model = SegmentationModel.create(SegmentationConfig.tiny(), 3)) {
      untrained = SegmentationTrainer.validationDice(model, validation, 4);
      reports = trainer.train(model, SyntheticOrgans.chunks(training, 32), validation);
      SegmentationCheckpoint.save(checkpoint, model);
    }
  }

  @Test
  void validationDiceForLiverAndSpleenRisesFarAboveTheUntrainedModels() {
    EpochReport last = reports.get(reports.size() - 1);
    String history = printed.toString();
    assertTrue(last.dice(Organ.LIVER) > LIVER_THRESHOLD, history);
    assertTrue(last.dice(Organ.SPLEEN) > SPLEEN_THRESHOLD, history);
    assertTrue(last.dice(Organ.LIVER) > untrained[Organ.LIVER.channel()] + 0.5, "untrained " + untrained[0] + "\n" + history);
    assertTrue(last.dice(Organ.SPLEEN) > untrained[Organ.SPLEEN.channel()] + 0.5, "untrained " + untrained[1] + "\n" + history);
  }

  @Test
  void everyEpochIsReportedWithLossLearningRateAndDicePerOrgan() {
    assertEquals(12, reports.size());
    String[] lines = printed.toString().split("\n");
    assertEquals(12, lines.length);
    assertTrue(lines[0].startsWith("epoch 1/12  loss "), lines[0]);
    assertTrue(lines[11].contains("dice liver ") && lines[11].contains(" spleen ") && lines[11].contains(" bowel "), lines[11]);
    for (EpochReport r : reports) {
      assertEquals(12, r.steps()); // 24 chunks in batches of 2
      assertEquals(Organ.COUNT, r.validationDice().length);
    }
    assertTrue(reports.get(11).meanLoss() < reports.get(0).meanLoss() / 2, printed.toString());
    assertTrue(reports.get(11).learningRate() < reports.get(0).learningRate(), "cosine schedule");
  }

  @Test
  void theLoadedSegmenterFindsTheOrgansOfAHeldOutStudyOfAnyLength() throws IOException {
    // 40 slices: one full chunk and one padded one
    SyntheticOrgans.Study study = SyntheticOrgans.study("H", 40, SIZE, 77);
    try (OrganSegmenter segmenter = OrganSegmenter.load(checkpoint)) {
      OrganMasks predicted = segmenter.segment(study.volume(), 40, SIZE, SIZE);
      assertEquals(40, predicted.slices());
      for (Organ organ : List.of(Organ.LIVER, Organ.SPLEEN)) {
        MultilabelDice.Score score = new MultilabelDice.Score(1);
        long both = 0;
        long p = predicted.voxelCount(organ);
        long t = study.masks().voxelCount(organ);
        for (int s = 0; s < 40; s++) {
          for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
              if (predicted.contains(organ, s, r, c) && study.masks().contains(organ, s, r, c)) {
                both++;
              }
            }
          }
        }
        score.add(new long[] {both}, new long[] {p}, new long[] {t});
        assertTrue(score.dice()[0] > 0.7, organ + " Dice " + score.dice()[0]);
      }
      // the crop box holds every true organ voxel of the study
      CropBox.PixelBox box = CropBox.of(predicted).toPixels(SIZE, SIZE);
      List<String> outside = new ArrayList<>();
      for (Organ organ : List.of(Organ.LIVER, Organ.SPLEEN)) {
        for (int s = 0; s < 40; s++) {
          for (int r = 0; r < SIZE; r++) {
            for (int c = 0; c < SIZE; c++) {
              if (study.masks().contains(organ, s, r, c) && !box.contains(r, c)) {
                outside.add(organ + "@" + s + "," + r + "," + c);
              }
            }
          }
        }
      }
      assertTrue(outside.size() <= 2, "true organ pixels outside the predicted crop: " + outside);
      OrganVisibility visibility = OrganVisibility.of(predicted);
      float max = 0;
      for (float v : visibility.values(OrganGroup.LIVER)) {
        max = Math.max(max, v);
      }
      assertEquals(1f, max);
    }
  }
}
