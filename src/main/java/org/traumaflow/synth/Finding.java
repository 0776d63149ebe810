package org.traumaflow.synth;

/**
 * What an injury put at a pixel, recorded alongside its HU so labels can be derived from what
 * is actually visible on a slice and tests can find injured regions.
 */
enum Finding {
  NONE,
  /** A hypodense tear inside a solid organ. */
  LACERATION,
  /** Blood outside an organ (subcapsular, perihepatic, perisplenic, perirenal, retroperitoneal). */
  HEMATOMA,
  /** A poorly enhancing part of a solid organ (high-grade injury). */
  DEVASCULARIZED,
  /** Active extravasation: contrast leaking from a vessel, a hyperdense blush. */
  EXTRAVASATION,
  /** A thickened bowel wall (bowel injury). */
  BOWEL_WALL,
  /** Free fluid next to an injured bowel segment. */
  FREE_FLUID,
  /** Extraluminal gas next to an injured bowel segment. */
  FREE_AIR;

  byte code() {
    return (byte) ordinal();
  }

  /** Whether this finding marks a slice as showing a bowel injury (image_level_labels "Bowel"). */
  boolean bowel() {
    return this == BOWEL_WALL || this == FREE_FLUID || this == FREE_AIR;
  }

  private static final Finding[] BY_CODE = values();

  static Finding of(byte code) {
    return BY_CODE[code];
  }
}
