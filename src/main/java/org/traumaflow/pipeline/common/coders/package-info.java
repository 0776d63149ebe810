/**
 * The Beam coders of the values our pipelines pass between steps, one per type, registered once
 * for every pipeline.
 *
 * <p>Uses {@code dicom}, {@code label}, {@code pipeline.common}, {@code preprocess}, {@code seg},
 * {@code sequence}. Beam finds the coders through {@code META-INF/services}; no pipeline imports
 * them.
 */
package org.traumaflow.pipeline.common.coders;
