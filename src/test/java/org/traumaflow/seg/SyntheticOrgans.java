package org.traumaflow.seg;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded toy stage-1 volumes: a body ellipse of soft tissue with an ellipsoid "liver" on the
 * image's left and a spheroid "spleen" (round in-plane, longer across slices) on its right, at random positions and sizes, plus noise.
 * The kidneys and bowel are absent.
 */
final class SyntheticOrgans {
  static final float AIR = 0f;
  static final float TISSUE = 0.35f;
  static final float LIVER = 0.62f;
  static final float SPLEEN = 0.52f;
  static final float NOISE = 0.05f;
  /** Every study's one series. */
  static final String SERIES = "1";

  /** A study's stage-1 volume and its true masks. */
  record Study(String patientId, float[] volume, OrganMasks masks) {
    int slices() {
      return masks.slices();
    }
  }

  private SyntheticOrgans() {}

  static Study study(String patientId, int slices, int size, long seed) {
    Random random = new Random(seed);
    double liverZ = slices * (0.3 + 0.3 * random.nextDouble());
    double liverR = size * (0.3 + 0.15 * random.nextDouble());
    double liverC = size * (0.25 + 0.1 * random.nextDouble());
    double[] liverRadii = {slices * (0.18 + 0.1 * random.nextDouble()), size * (0.16 + 0.08 * random.nextDouble()), size * (0.13 + 0.07 * random.nextDouble())};
    double spleenZ = slices * (0.35 + 0.3 * random.nextDouble());
    double spleenR = size * (0.3 + 0.2 * random.nextDouble());
    double spleenC = size * (0.7 + 0.08 * random.nextDouble());
    double spleenRadius = size * (0.12 + 0.06 * random.nextDouble());
    double spleenDepth = slices * (0.12 + 0.08 * random.nextDouble());
    int plane = size * size;
    float[] volume = new float[slices * plane];
    OrganMasks masks = OrganMasks.empty(slices, size, size);
    byte[] m = masks.voxels();
    double half = size / 2.0;
    for (int z = 0; z < slices; z++) {
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          double y = r + 0.5;
          double x = c + 0.5;
          boolean body = sq((y - half) / (0.42 * size)) + sq((x - half) / (0.47 * size)) <= 1;
          boolean spleen = sq((z - spleenZ) / spleenDepth) + sq((y - spleenR) / spleenRadius) + sq((x - spleenC) / spleenRadius) <= 1;
          boolean liver = !spleen
              && sq((z - liverZ) / liverRadii[0]) + sq((y - liverR) / liverRadii[1]) + sq((x - liverC) / liverRadii[2]) <= 1;
          float value = !body ? AIR : spleen ? SPLEEN : liver ? LIVER : TISSUE;
          int i = z * plane + r * size + c;
          volume[i] = clamp(value + (float) (random.nextGaussian() * NOISE));
          if (body && liver) {
            m[masks.index(Organ.LIVER, z, r, c)] = 1;
          }
          if (body && spleen) {
            m[masks.index(Organ.SPLEEN, z, r, c)] = 1;
          }
        }
      }
    }
    return new Study(patientId, volume, masks);
  }

  /** {@code count} studies of patients {@code P000, P001, ...} from {@code seed}. */
  static List<Study> studies(int count, int slices, int size, long seed) {
    List<Study> studies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      studies.add(study(String.format("P%03d", i), slices, size, seed * 1000 + i));
    }
    return studies;
  }

  /** Training chunks (stride 16) of every study. */
  static List<SegmentationSample> chunks(List<Study> studies, int depth) {
    List<SegmentationSample> samples = new ArrayList<>();
    for (Study s : studies) {
      samples.addAll(VolumeChunks.trainingSamples(s.patientId(), SERIES, s.volume(), s.masks(), depth, depth / 2));
    }
    return samples;
  }

  private static double sq(double v) {
    return v * v;
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }
}
