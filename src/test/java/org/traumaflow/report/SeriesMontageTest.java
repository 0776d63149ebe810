package org.traumaflow.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.traumaflow.dicom.CtSeries;
import org.traumaflow.dicom.DisplayWindow;
import org.traumaflow.dicom.SeriesGeometry;
import org.traumaflow.preprocess.Stage1Input;
import org.traumaflow.seg.CropBox;
import org.traumaflow.seg.Organ;
import org.traumaflow.seg.OrganGroup;
import org.traumaflow.seg.OrganMasks;
import org.traumaflow.seg.StudyCrop;
import org.traumaflow.seg.StudyOrgans;

/**
 * A series' montage as a reader of the report sees it: which slice each tile shows, where the
 * organ colours and the crop box are, and the CT's grey levels in the soft-tissue window.
 */
class SeriesMontageTest {
  private static final int SIZE = 256;
  private static final int SLICES = 6;
  /** HU of four vertical bands of every slice, left to right: air, 50 (the window's level), 150, bone. */
  private static final int[] BAND_HU = {-1000, 50, 150, 1000};
  private static final int TILE = SeriesMontage.TILE;
  /** Stage-1 masks on the stage-1 slices 0, 1, 2 (series slices 0, 2, 4), half-open row and column ranges. */
  private static final Rect KIDNEY_ON_0 = new Rect(0, 100, 110, 40, 60);
  private static final Rect LIVER_ON_1 = new Rect(1, 20, 50, 10, 40);
  private static final Rect LIVER_ON_2 = new Rect(2, 30, 40, 20, 30);
  private static final Rect SPLEEN_ON_2 = new Rect(2, 60, 90, 80, 115);

  private static StudyOrgans organs;
  private static BufferedImage montage;

  private record Rect(int slice, int row0, int row1, int col0, int col1) {
    boolean contains(int row, int col) {
      return row >= row0 && row < row1 && col >= col0 && col < col1;
    }
  }

  @BeforeAll
  static void renderOneSeries() throws IOException {
    short[] hu = new short[SLICES * SIZE * SIZE];
    for (int i = 0; i < hu.length; i++) {
      hu[i] = (short) BAND_HU[(i % SIZE) * BAND_HU.length / SIZE];
    }
    double[] positions = {0, 2.5, 5, 7.5, 10, 12.5};
    CtSeries ct = new CtSeries("7", "1.2.3", "1.2.3.4", new SeriesGeometry(SIZE, SIZE, new double[] {0.7, 0.7},
        new double[] {1, 0, 0, 0, 1, 0}, new double[] {0, 0, 0}, positions), new int[] {1, 2, 3, 4, 5, 6}, hu,
        new DisplayWindow(40, 80, false), Double.NaN, List.of(), List.of());
    Stage1Input stage1 = Stage1Input.of(ct, Stage1Input.Settings.METHOD);
    OrganMasks masks = OrganMasks.empty(stage1.slices(), stage1.size(), stage1.size());
    fill(masks, Organ.LEFT_KIDNEY, KIDNEY_ON_0);
    fill(masks, Organ.LIVER, LIVER_ON_1);
    fill(masks, Organ.LIVER, LIVER_ON_2);
    fill(masks, Organ.SPLEEN, SPLEEN_ON_2);
    organs = StudyOrgans.of(masks, stage1, ct.geometry(), StudyCrop.UNION);
    montage = ImageIO.read(new ByteArrayInputStream(SeriesMontage.png(stage1, organs)));
  }

  private static void fill(OrganMasks masks, Organ organ, Rect rect) {
    for (int r = rect.row0(); r < rect.row1(); r++) {
      for (int c = rect.col0(); c < rect.col1(); c++) {
        masks.voxels()[masks.index(organ, rect.slice(), r, c)] = 1;
      }
    }
  }

  private static int pixel(OrganGroup tile, int row, int col) {
    return montage.getRGB(tile.ordinal() * (TILE + SeriesMontage.GAP) + col, row) & 0xffffff;
  }

  private static boolean grey(int rgb) {
    return (rgb >> 16 & 0xff) == (rgb >> 8 & 0xff) && (rgb >> 8 & 0xff) == (rgb & 0xff);
  }

  private static boolean onCropBox(int row, int col) {
    CropBox.PixelBox box = organs.cropBox().toPixels(TILE, TILE);
    return box.contains(row, col) && (row == box.row0() || row == box.row1() - 1 || col == box.col0() || col == box.col1() - 1);
  }

  @Test
  void fourTilesOfTheMasksOwnSizeInTheGroupsOrder() {
    assertEquals(4 * TILE + 3 * SeriesMontage.GAP, montage.getWidth());
    assertEquals(TILE, montage.getHeight());
  }

  @Test
  void theKeyImagesAreTheMontagesTilesPixelForPixelAndAnythingElseIsRefused() throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(montage, "png", png);
    Map<OrganGroup, BufferedImage> tiles = SeriesMontage.tiles(png.toByteArray());
    assertEquals(List.of(OrganGroup.values()), List.copyOf(tiles.keySet()));
    for (OrganGroup group : OrganGroup.values()) {
      BufferedImage tile = tiles.get(group);
      int left = group.ordinal() * (TILE + SeriesMontage.GAP);
      for (int y = 0; y < TILE; y++) {
        for (int x = 0; x < TILE; x++) {
          assertEquals(montage.getRGB(left + x, y), tile.getRGB(x, y), group + " at " + x + "," + y);
        }
      }
    }
    assertThrows(IOException.class, () -> SeriesMontage.tiles(new byte[] {1, 2, 3}));
  }

  @Test
  void eachTileShowsTheSliceWhereItsOrganIsMostVisibleWithEveryOrgansMaskInItsColourAndNothingOutside() {
    assertTile(OrganGroup.LIVER, List.of(LIVER_ON_1), List.of(OrganGroup.LIVER));
    assertTile(OrganGroup.SPLEEN, List.of(LIVER_ON_2, SPLEEN_ON_2), List.of(OrganGroup.LIVER, OrganGroup.SPLEEN));
    assertTile(OrganGroup.KIDNEY, List.of(KIDNEY_ON_0), List.of(OrganGroup.KIDNEY));
    assertNotEquals(pixel(OrganGroup.LIVER, 30, 20), pixel(OrganGroup.LIVER, 30, 38), "the CT shows through the mask's colour");
  }

  private static void assertTile(OrganGroup tile, List<Rect> masks, List<OrganGroup> colours) {
    for (int row = 0; row < TILE; row++) {
      for (int col = 0; col < TILE; col++) {
        int rgb = pixel(tile, row, col);
        if (onCropBox(row, col)) {
          continue;
        }
        int inMask = -1;
        for (int m = 0; m < masks.size(); m++) {
          inMask = masks.get(m).contains(row, col) ? m : inMask;
        }
        String where = tile + " tile, pixel (" + row + ", " + col + ")";
        if (inMask < 0) {
          assertTrue(grey(rgb), where + " is outside every mask but coloured " + Integer.toHexString(rgb));
          continue;
        }
        Rect rect = masks.get(inMask);
        int colour = SeriesMontage.rgb(colours.get(inMask));
        boolean edge = row == rect.row0() || row == rect.row1() - 1 || col == rect.col0() || col == rect.col1() - 1;
        if (edge) {
          assertEquals(colour, rgb, where + " is on the " + colours.get(inMask) + " outline");
        } else {
          assertTrue(!grey(rgb) && dominant(rgb) == dominant(colour), where + " inside the " + colours.get(inMask)
              + " mask is tinted with its colour, got " + Integer.toHexString(rgb));
        }
      }
    }
  }

  /** The strongest channel: 16 red, 8 green, 0 blue. */
  private static int dominant(int rgb) {
    int red = rgb >> 16 & 0xff;
    int green = rgb >> 8 & 0xff;
    int blue = rgb & 0xff;
    return red >= green && red >= blue ? 16 : green >= blue ? 8 : 0;
  }

  @Test
  void anOrganStageOneNeverSawGetsACrossedOutTileWithoutCt() {
    assertEquals(SeriesMontage.ABSENT_CROSS_RGB, pixel(OrganGroup.BOWEL, 5, 5));
    assertEquals(SeriesMontage.ABSENT_RGB, pixel(OrganGroup.BOWEL, 5, 40));
    assertEquals(SeriesMontage.ABSENT_RGB, pixel(OrganGroup.BOWEL, 5, 100));
  }

  @Test
  void theStudysCropBoxIsDrawnOnItsEdgesInEveryTile() {
    CropBox.PixelBox box = organs.cropBox().toPixels(TILE, TILE);
    assertEquals(new CropBox.PixelBox(20, 110, 10, 115), box, "the union of the masks over all slices");
    for (OrganGroup tile : OrganGroup.values()) {
      for (int col = box.col0(); col < box.col1(); col++) {
        assertEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, box.row0(), col), tile + " top edge at " + col);
        assertEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, box.row1() - 1, col), tile + " bottom edge at " + col);
      }
      for (int row = box.row0(); row < box.row1(); row++) {
        assertEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, row, box.col0()), tile + " left edge at " + row);
        assertEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, row, box.col1() - 1), tile + " right edge at " + row);
      }
      assertNotEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, box.row0() - 1, 64), tile + " above the box");
      assertNotEquals(SeriesMontage.CROP_BOX_RGB, pixel(tile, 64, box.col1()), tile + " right of the box");
    }
  }

  @Test
  void theCtIsInTheSoftTissueWindowLevel50Width400() {
    // Rows above the crop box, the middle of each band: -1000 HU black, 50 HU mid grey, 150 HU three quarters, bone white.
    int[] expected = {0, 128, 191, 255};
    for (OrganGroup tile : List.of(OrganGroup.LIVER, OrganGroup.SPLEEN, OrganGroup.KIDNEY)) {
      for (int band = 0; band < BAND_HU.length; band++) {
        int rgb = pixel(tile, 8, band * TILE / BAND_HU.length + TILE / 8);
        assertTrue(grey(rgb), tile + " band " + band);
        assertEquals(expected[band], rgb & 0xff, 1, tile + ": " + BAND_HU[band] + " HU");
      }
    }
  }

  @Test
  void fileNamesKeepPlainIdsAndNeverShareAFile() {
    assertEquals("montages/10004/21057.png", SeriesMontage.file("10004", "21057"));
    assertNotEquals(SeriesMontage.file("1-2", "3"), SeriesMontage.file("1", "2-3"));
    assertNotEquals(SeriesMontage.file("a/b", "3"), SeriesMontage.file("a_b", "3"));
    String odd = SeriesMontage.file("../x", "y z");
    assertTrue(odd.matches("montages/[A-Za-z0-9_-][A-Za-z0-9._-]*/[A-Za-z0-9_-][A-Za-z0-9._-]*\\.png"), "a patient folder and a file, neither hidden: " + odd);
  }
}
