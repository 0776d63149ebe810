package org.traumaflow.synth;

/**
 * An injury inside a solid organ: the region (a blob) and what it looks like there.
 *
 * @param finding {@link Finding#LACERATION} (hypodense blood in a tear) or
 *     {@link Finding#DEVASCULARIZED} (parenchyma that no longer enhances)
 * @param region where, in patient coordinates
 */
record Lesion(Finding finding, Blob region) {
  Lesion {
    if (finding != Finding.LACERATION && finding != Finding.DEVASCULARIZED) {
      throw new IllegalArgumentException("an organ lesion is a laceration or devascularised tissue, not " + finding);
    }
  }
}
