package org.traumaflow.label;

/** A solid organ's injury grade, as train.csv's healthy/low/high columns encode it. */
public enum Grade {
  HEALTHY,
  LOW,
  HIGH;

  public boolean injured() {
    return this != HEALTHY;
  }
}
