package org.traumaflow.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * A PNG contact sheet of a few slices of one series in the soft-tissue window (level 50,
 * width 400 HU: -150 black, 250 white), top of the scan first, so a person can see at a glance
 * what the data looks like. It collects its slices while the series is written, keeping only
 * those it shows.
 */
final class SliceMontage {
  static final double WINDOW_LEVEL = 50;
  static final double WINDOW_WIDTH = 400;

  private final int[] pick;
  private final int rows;
  private final int columns;
  private final List<short[]> kept = new ArrayList<>();

  /** A montage of {@code count} slices evenly spread over a series of {@code slices} slices. */
  SliceMontage(int slices, int rows, int columns, int count) {
    int n = Math.min(count, slices);
    this.pick = new int[n];
    for (int i = 0; i < n; i++) {
      // Top of the scan first; skip the very edges, which show little.
      double t = n == 1 ? 0.5 : 0.06 + 0.88 * i / (n - 1);
      pick[i] = (int) Math.round((1 - t) * (slices - 1));
    }
    this.rows = rows;
    this.columns = columns;
    for (int i = 0; i < n; i++) {
      kept.add(null);
    }
  }

  /** Offers a slice (by z index); the montage keeps a copy if it shows it. */
  void offer(int index, short[] hu) {
    for (int i = 0; i < pick.length; i++) {
      if (pick[i] == index) {
        kept.set(i, hu.clone());
      }
    }
  }

  /** Writes the montage, {@code perRow} tiles a row, each at most {@code tile} pixels wide. */
  void write(Path png, int perRow, int tile) throws IOException {
    int side = Math.min(tile, columns);
    double step = (double) columns / side;
    int tileRows = (int) Math.round(rows / step);
    int across = Math.min(perRow, kept.size());
    int down = (kept.size() + across - 1) / across;
    BufferedImage image = new BufferedImage(across * side, down * tileRows, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int t = 0; t < kept.size(); t++) {
      short[] hu = kept.get(t);
      if (hu == null) {
        throw new IllegalStateException("slice " + pick[t] + " of the montage was never offered");
      }
      int ox = (t % across) * side;
      int oy = (t / across) * tileRows;
      for (int r = 0; r < tileRows; r++) {
        int r0 = (int) (r * step);
        int r1 = Math.max(r0 + 1, Math.min(rows, (int) ((r + 1) * step)));
        for (int c = 0; c < side; c++) {
          int c0 = (int) (c * step);
          int c1 = Math.max(c0 + 1, Math.min(columns, (int) ((c + 1) * step)));
          double sum = 0;
          for (int rr = r0; rr < r1; rr++) {
            for (int cc = c0; cc < c1; cc++) {
              sum += hu[rr * columns + cc];
            }
          }
          pixels[(oy + r) * image.getWidth() + ox + c] = (byte) gray(sum / ((r1 - r0) * (c1 - c0)));
        }
      }
    }
    Path target = png.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    try {
      if (!ImageIO.write(image, "png", temp.toFile())) {
        throw new IOException("no PNG writer available");
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The soft-tissue window: HU to 0..255. */
  static int gray(double hu) {
    double low = WINDOW_LEVEL - WINDOW_WIDTH / 2;
    double v = (hu - low) / WINDOW_WIDTH * 255;
    return (int) Math.round(Math.max(0, Math.min(255, v)));
  }
}
