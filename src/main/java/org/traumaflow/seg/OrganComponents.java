package org.traumaflow.seg;

/**
 * Drops each organ's small pieces: the 3D connected components (26-connected, over the stage-1
 * slices) of an organ's mask that are smaller than a fraction of that organ's largest component.
 * A stray voxel or a speck the model put far from the organ is such a piece; an organ in two
 * comparable halves keeps both.
 */
public final class OrganComponents {
  private OrganComponents() {}

  /**
   * A copy of {@code masks} without the components of fewer voxels than {@code fraction} times
   * the organ's largest; {@code fraction} 0 keeps everything.
   */
  public static OrganMasks withoutSmallComponents(OrganMasks masks, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("the component fraction must be in [0, 1], got " + fraction);
    }
    byte[] kept = masks.voxels().clone();
    if (fraction == 0) {
      return new OrganMasks(masks.slices(), masks.height(), masks.width(), kept);
    }
    int organVoxels = masks.slices() * masks.sliceVoxels();
    int[] component = new int[organVoxels];
    int[] queue = new int[organVoxels];
    for (Organ organ : Organ.values()) {
      int base = organ.channel() * organVoxels;
      java.util.Arrays.fill(component, 0);
      java.util.List<Integer> sizes = new java.util.ArrayList<>();
      sizes.add(0);
      for (int start = 0; start < organVoxels; start++) {
        if (kept[base + start] != 0 && component[start] == 0) {
          sizes.add(fill(kept, base, masks, start, sizes.size(), component, queue));
        }
      }
      int largest = sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
      for (int i = 0; i < organVoxels; i++) {
        if (component[i] != 0 && sizes.get(component[i]) < fraction * largest) {
          kept[base + i] = 0;
        }
      }
    }
    return new OrganMasks(masks.slices(), masks.height(), masks.width(), kept);
  }

  /** Labels the component of {@code start} as {@code label} (breadth first); its voxel count. */
  private static int fill(byte[] voxels, int base, OrganMasks masks, int start, int label, int[] component, int[] queue) {
    int height = masks.height();
    int width = masks.width();
    int plane = masks.sliceVoxels();
    int head = 0;
    int tail = 0;
    queue[tail++] = start;
    component[start] = label;
    while (head < tail) {
      int at = queue[head++];
      int s = at / plane;
      int r = at % plane / width;
      int c = at % width;
      for (int ds = -1; ds <= 1; ds++) {
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int ns = s + ds;
            int nr = r + dr;
            int nc = c + dc;
            if (ns < 0 || nr < 0 || nc < 0 || ns >= masks.slices() || nr >= height || nc >= width) {
              continue;
            }
            int next = ns * plane + nr * width + nc;
            if (voxels[base + next] != 0 && component[next] == 0) {
              component[next] = label;
              queue[tail++] = next;
            }
          }
        }
      }
    }
    return tail;
  }
}
