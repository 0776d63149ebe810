package org.traumaflow.dicomweb;

import java.io.Serializable;

/**
 * One study a QIDO-RS search found.
 *
 * @param studyInstanceUid the study's UID
 * @param patientId its PatientID as stored, possibly empty
 */
public record QidoStudy(String studyInstanceUid, String patientId) implements Serializable {}
