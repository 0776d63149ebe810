package org.traumaflow.synth;

/**
 * One finished slice of a series, handed to whoever writes it.
 *
 * @param index the slice's z index (0 = lowest)
 * @param instanceNumber its InstanceNumber
 * @param z its z position, mm
 * @param hu the HU a reader will see (noise and padding included), rows x columns, row-major
 * @param labels the organ label of each pixel ({@link OrganLabel} values, 0 for none)
 * @param findings the injury finding of each pixel ({@link Finding} ordinals)
 */
record RenderedSlice(int index, int instanceNumber, double z, short[] hu, byte[] labels, byte[] findings) {}
