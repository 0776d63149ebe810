/**
 * The self-contained HTML report of a scoring run: curves, series montages and scores.
 *
 * <p>Uses {@code dicom}, {@code ensemble}, {@code label}, {@code ledger}, {@code metric},
 * {@code preprocess}, {@code seg}, {@code storage}; never a package of a higher layer
 * ({@code LayeringTest} holds the order).
 */
package org.traumaflow.report;
