/**
 * Where files live and how they are written: atomic local writes, the {@code ObjectStore} over
 * local folders and {@code gs://} prefixes (generation preconditions), folder transfer with the
 * manifest last, SHA-256 and strict JSON.
 *
 * <p>Uses no other package of TraumaFlow: it is a bottom layer.
 */
package org.traumaflow.storage;
