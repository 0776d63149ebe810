package org.traumaflow.dicomweb;

/**
 * One instance of a series, as QIDO-RS lists it.
 *
 * @param sopInstanceUid the instance's UID
 * @param instanceNumber its InstanceNumber, or null when the server gives none
 */
public record QidoInstance(String sopInstanceUid, Integer instanceNumber) {}
