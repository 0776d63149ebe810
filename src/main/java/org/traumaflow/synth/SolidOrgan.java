package org.traumaflow.synth;

import java.util.List;

/**
 * Paints a liver, spleen or kidney: its enhancing parenchyma (with texture; the kidney with
 * cortex, medulla and sinus fat) and the lacerations and devascularised parts inside it.
 */
final class SolidOrgan implements Structure {
  enum Kind {
    LIVER,
    SPLEEN,
    KIDNEY
  }

  /** Kidney layers by normalised radius: cortex outside this, medulla inside it. */
  private static final double CORTEX_FROM = 0.8;
  /** Renal sinus (fat and vessels around the collecting system) inside this radius. */
  private static final double SINUS_BELOW = 0.38;

  final Kind kind;
  final OrganLabel label;
  final OrganShape shape;
  private final List<Lesion> lesions;
  private final ValueNoise texture;

  SolidOrgan(Kind kind, OrganLabel label, OrganShape shape, List<Lesion> lesions, long textureSeed) {
    this.kind = kind;
    this.label = label;
    this.shape = shape;
    this.lesions = List.copyOf(lesions);
    this.texture = new ValueNoise(textureSeed, kind == Kind.SPLEEN ? 11 : 7);
  }

  List<Lesion> lesions() {
    return lesions;
  }

  @Override
  public void paint(SliceCanvas c, TissueContrast t) {
    double z = c.z;
    if (!shape.spansZ(z)) {
      return;
    }
    byte code = label.code();
    int r0 = c.rowFrom(shape.minY);
    int r1 = c.rowTo(shape.maxY);
    int c0 = c.colFrom(shape.minX);
    int c1 = c.colTo(shape.maxX);
    for (int r = r0; r <= r1; r++) {
      double y = c.y(r);
      for (int col = c0; col <= c1; col++) {
        double x = c.x(col);
        double level = shape.level(x, y, z);
        if (level >= 1) {
          continue;
        }
        double value = parenchyma(level, x, y, z, t);
        Finding finding = Finding.NONE;
        for (int i = 0; i < lesions.size(); i++) {
          Lesion lesion = lesions.get(i);
          if (lesion.region().contains(x, y, z)) {
            finding = lesion.finding();
            value = finding == Finding.LACERATION
                ? t.hematoma() + 4 * texture.at(x, y, z)
                : 0.25 * value + 0.75 * (t.hematoma() - 8);
            break;
          }
        }
        int index = r * c.cols + col;
        c.set(index, (float) value, code);
        if (finding != Finding.NONE) {
          c.setFinding(index, (float) value, finding);
        }
      }
    }
  }

  private double parenchyma(double level, double x, double y, double z, TissueContrast t) {
    return switch (kind) {
      case LIVER -> t.liver();
      // The arterial phase's mottled ("zebra") spleen; portal venous spleen is homogeneous.
      case SPLEEN -> t.spleenMottle() > 5 ? t.spleen() + t.spleenMottle() * texture.at(x, y, z) : t.spleen();
      case KIDNEY -> {
        if (level >= CORTEX_FROM) {
          yield t.kidneyCortex();
        }
        yield level >= SINUS_BELOW ? t.kidneyMedulla() : -40 + 10 * texture.at(x, y, z);
      }
    };
  }
}
