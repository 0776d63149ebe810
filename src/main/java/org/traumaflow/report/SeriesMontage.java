package org.traumaflow.report;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.StudyOrgans;
import org.traumaflow.storage.SafeName;

/**
 * One series' key slices as a small PNG: one tile per {@link OrganGroup}, in the group's order,
 * showing the slice where stage 1 saw that organ most, with every organ's mask drawn over it in
 * the organ's colour (translucent inside, opaque on its outline) and the study's crop box as a
 * rectangle. The CT is the stage-1 input: the soft-tissue window (WL 50 / WW 400, the "ours"
 * window) at the masks' own resolution, so mask and pixels line up exactly. A tile whose organ
 * stage 1 never saw is dark grey and crossed out.
 */
public final class SeriesMontage {
  /** The folder under a score run's output that holds the montages. */
  public static final String FOLDER = "montages";
  static final int TILE = 128;
  static final int GAP = 2;
  static final int CROP_BOX_RGB = 0xffdc00;
  static final int ABSENT_RGB = 0x303030;
  static final int ABSENT_CROSS_RGB = 0x707070;
  static final int GAP_RGB = 0xffffff;
  /** How much of an organ's colour covers the CT inside its mask. */
  static final double FILL_ALPHA = 0.4;

  private SeriesMontage() {}

  /**
   * Where a series' montage is written under the run's output:
   * {@code montages/<patient>/<series>.png}, each id made a safe file name ({@link SafeName}).
   */
  public static String file(String patientId, String seriesId) {
    return FOLDER + "/" + SafeName.of(patientId) + "/" + SafeName.of(seriesId) + ".png";
  }

  /** The colour (0xRRGGBB) an organ group's masks are drawn in; the report's legend uses the same. */
  static int rgb(OrganGroup group) {
    return switch (group) {
      case LIVER -> 0xe6323c;
      case SPLEEN -> 0x3c78f0;
      case KIDNEY -> 0x32c850;
      case BOWEL -> 0xc850dc;
    };
  }

  /**
   * The tiles of a montage written by {@link #png}, one per {@link OrganGroup} in the group's order:
   * the key images a viewer shows beside the CT.
   *
   * @throws IOException when the bytes are not a montage
   */
  public static Map<OrganGroup, BufferedImage> tiles(byte[] png) throws IOException {
    BufferedImage montage = ImageIO.read(new ByteArrayInputStream(png));
    OrganGroup[] groups = OrganGroup.values();
    if (montage == null || montage.getHeight() != TILE || montage.getWidth() != groups.length * TILE + (groups.length - 1) * GAP) {
      throw new IOException("not a series montage of " + groups.length + " tiles of " + TILE + " px");
    }
    Map<OrganGroup, BufferedImage> tiles = new EnumMap<>(OrganGroup.class);
    for (int t = 0; t < groups.length; t++) {
      tiles.put(groups[t], montage.getSubimage(t * (TILE + GAP), 0, TILE, TILE));
    }
    return tiles;
  }

  /**
   * The montage as PNG bytes.
   *
   * @param ct the series' stage-1 input, whose slices the masks were predicted on
   * @param organs what stage 1 found in it
   */
  public static byte[] png(Stage1Input ct, StudyOrgans organs) {
    OrganMasks masks = organs.masks();
    if (masks.slices() != ct.slices()) {
      throw new IllegalArgumentException("masks of " + masks.slices() + " slices for a stage-1 input of " + ct.slices());
    }
    OrganGroup[] groups = OrganGroup.values();
    BufferedImage image = new BufferedImage(groups.length * TILE + (groups.length - 1) * GAP, TILE, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < image.getWidth(); x++) {
      for (int y = 0; y < TILE; y++) {
        image.setRGB(x, y, GAP_RGB);
      }
    }
    for (int t = 0; t < groups.length; t++) {
      int left = t * (TILE + GAP);
      int keySlice = mostVisibleSlice(organs.visibility().get(groups[t]));
      if (keySlice < 0) {
        drawAbsent(image, left);
      } else {
        drawSlice(image, left, ct, masks, ct.nearestSlice(keySlice));
      }
      drawCropBox(image, left, organs.cropBox());
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
    return png.toByteArray();
  }

  /** The first slice with the largest visibility, or -1 when the organ is visible on none. */
  private static int mostVisibleSlice(float[] visibility) {
    int best = -1;
    float most = 0;
    for (int s = 0; s < visibility.length; s++) {
      if (visibility[s] > most) {
        most = visibility[s];
        best = s;
      }
    }
    return best;
  }

  private static void drawSlice(BufferedImage image, int left, Stage1Input ct, OrganMasks masks, int slice) {
    int size = ct.size();
    int[] rgb = new int[TILE * TILE];
    for (int y = 0; y < TILE; y++) {
      for (int x = 0; x < TILE; x++) {
        float unit = ct.voxels()[(slice * size + y * size / TILE) * size + x * size / TILE];
        int grey = Math.round(unit * 255);
        rgb[y * TILE + x] = grey << 16 | grey << 8 | grey;
      }
    }
    for (Organ organ : Organ.values()) {
      boolean[] inside = new boolean[TILE * TILE];
      for (int y = 0; y < TILE; y++) {
        for (int x = 0; x < TILE; x++) {
          inside[y * TILE + x] = masks.contains(organ, slice, y * masks.height() / TILE, x * masks.width() / TILE);
        }
      }
      int colour = rgb(groupOf(organ));
      for (int y = 0; y < TILE; y++) {
        for (int x = 0; x < TILE; x++) {
          if (inside[y * TILE + x]) {
            rgb[y * TILE + x] = outline(inside, y, x) ? colour : blend(rgb[y * TILE + x], colour);
          }
        }
      }
    }
    image.setRGB(left, 0, TILE, TILE, rgb, 0, TILE);
  }

  private static OrganGroup groupOf(Organ organ) {
    for (OrganGroup group : OrganGroup.values()) {
      if (group.members().contains(organ)) {
        return group;
      }
    }
    throw new IllegalStateException(organ + " is in no organ group");
  }

  /** Whether an inside pixel touches the outside (or the tile's edge) on one of its four sides. */
  private static boolean outline(boolean[] inside, int y, int x) {
    return y == 0 || x == 0 || y == TILE - 1 || x == TILE - 1
        || !inside[(y - 1) * TILE + x] || !inside[(y + 1) * TILE + x] || !inside[y * TILE + x - 1] || !inside[y * TILE + x + 1];
  }

  private static int blend(int under, int over) {
    int out = 0;
    for (int shift = 0; shift <= 16; shift += 8) {
      double channel = (1 - FILL_ALPHA) * (under >> shift & 0xff) + FILL_ALPHA * (over >> shift & 0xff);
      out |= (int) Math.round(channel) << shift;
    }
    return out;
  }

  private static void drawAbsent(BufferedImage image, int left) {
    for (int y = 0; y < TILE; y++) {
      for (int x = 0; x < TILE; x++) {
        image.setRGB(left + x, y, x == y || x == TILE - 1 - y ? ABSENT_CROSS_RGB : ABSENT_RGB);
      }
    }
  }

  private static void drawCropBox(BufferedImage image, int left, CropBox box) {
    CropBox.PixelBox pixels = box.toPixels(TILE, TILE);
    for (int x = pixels.col0(); x < pixels.col1(); x++) {
      image.setRGB(left + x, pixels.row0(), CROP_BOX_RGB);
      image.setRGB(left + x, pixels.row1() - 1, CROP_BOX_RGB);
    }
    for (int y = pixels.row0(); y < pixels.row1(); y++) {
      image.setRGB(left + pixels.col0(), y, CROP_BOX_RGB);
      image.setRGB(left + pixels.col1() - 1, y, CROP_BOX_RGB);
    }
  }
}
