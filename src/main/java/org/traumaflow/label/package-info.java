/**
 * The competition's label vocabulary and files ({@code train.csv}, {@code image_level_labels.csv},
 * read strictly), the per-slice targets of stage 2, and the patient-grouped fold split both stages
 * use.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.label;
