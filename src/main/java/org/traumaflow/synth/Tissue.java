package org.traumaflow.synth;

/** HU of tissues that do not enhance with contrast (typical adult values). */
final class Tissue {
  static final float AIR = -1000f;
  static final float LUNG = -860f;
  static final float SUBCUTANEOUS_FAT = -105f;
  static final float VISCERAL_FAT = -95f;
  static final float SKIN = 30f;
  static final float BILE = 8f;
  static final float URINE = 8f;
  static final float CSF = 10f;
  static final float DISC = 85f;
  static final float CORTICAL_BONE = 900f;
  static final float CANCELLOUS_BONE = 230f;
  static final float CARTILAGE = 120f;
  static final float FREE_FLUID = 18f;
  static final float TABLE = 180f;
  static final float TABLE_FOAM = -700f;

  private Tissue() {}
}
