package org.traumaflow.synth;

/** One part of the phantom that paints itself onto axial slices, over what was painted before. */
interface Structure {
  /** Paints this structure's cross-section at the canvas' z. */
  void paint(SliceCanvas canvas, TissueContrast contrast);
}
