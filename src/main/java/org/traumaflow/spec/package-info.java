/**
 * The YAML spec reader every command uses: strict parsing, built-in specs, and the typed error
 * that names the file and key.
 *
 * <p>Uses {@code storage}; never a package of a higher layer ({@code LayeringTest} holds the order).
 */
package org.traumaflow.spec;
