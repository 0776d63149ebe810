/**
 * The official competition metric exactly (weighted log loss per injury group), submissions in the
 * competition's CSV format, and the label-prior baseline.
 *
 * <p>Uses {@code label}, {@code storage}; never a package of a higher layer ({@code LayeringTest}
 * holds the order).
 */
package org.traumaflow.metric;
