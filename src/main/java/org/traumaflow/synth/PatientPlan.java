package org.traumaflow.synth;

import java.util.List;
import org.traumaflow.label.PatientLabels;


/**
 * One patient of the dataset, decided before any pixel is drawn.
 *
 * @param patientId the patient id (folder name and CSV key)
 * @param train whether the patient is in train_images (else test_images)
 * @param labels the study-level labels (written to train.csv for training patients only)
 * @param seed the seed of the patient's anatomy and circulation
 * @param series the patient's one or two series
 */
record PatientPlan(int patientId, boolean train, PatientLabels labels, long seed, List<SeriesPlan> series) {}
