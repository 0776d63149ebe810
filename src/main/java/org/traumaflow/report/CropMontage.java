package org.traumaflow.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.traumaflow.seg.CropBox;

/**
 * A patient's series as one small PNG data URI: per series a tile the shape of the image with
 * its study crop box drawn in. The slices and organ masks are not at hand when the report is
 * written (predictions.jsonl carries only the crop box), so the tile is the image's frame, not
 * its pixels; docs/report.md says so.
 */
final class CropMontage {
  private static final int TILE = 128;
  private static final int GAP = 4;

  private CropMontage() {}

  /** {@code boxes}: per series its crop box, or null for none. */
  static String dataUri(List<CropBox> boxes) {
    int tiles = Math.max(1, boxes.size());
    BufferedImage image = new BufferedImage(tiles * TILE + (tiles - 1) * GAP, TILE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      for (int i = 0; i < tiles; i++) {
        int x0 = i * (TILE + GAP);
        g.setColor(new Color(40, 40, 40));
        g.fillRect(x0, 0, TILE, TILE);
        CropBox box = i < boxes.size() ? boxes.get(i) : null;
        if (box != null) {
          g.setColor(Color.YELLOW);
          g.setStroke(new BasicStroke(2f));
          int top = (int) Math.round(box.row0() * (TILE - 1));
          int bottom = (int) Math.round(box.row1() * (TILE - 1));
          int left = (int) Math.round(box.col0() * (TILE - 1));
          int right = (int) Math.round(box.col1() * (TILE - 1));
          g.drawRect(x0 + left, top, Math.max(1, right - left), Math.max(1, bottom - top));
        }
      }
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException inMemory) {
      throw new UncheckedIOException(inMemory);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
  }
}
