/**
 * The scoring ledger: which series were scored with which inputs and ensemble, so a rerun skips
 * what has not changed.
 *
 * <p>Uses {@code ensemble}, {@code label}, {@code seg}, {@code storage}; never a package of a higher
 * layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.ledger;
