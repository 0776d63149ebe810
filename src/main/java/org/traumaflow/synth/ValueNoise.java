package org.traumaflow.synth;

/**
 * Smooth 3D lattice noise in [-1, 1] (trilinear interpolation of hashed lattice values with
 * smoothstep weights): parenchymal texture, the arterial-phase spleen's mottling, stool. Pure
 * integer hashing and arithmetic, so it is identical on every machine.
 */
final class ValueNoise {
  private final long seed;
  private final double inverseScale;

  /** Noise whose features are about {@code scaleMm} apart. */
  ValueNoise(long seed, double scaleMm) {
    this.seed = seed;
    this.inverseScale = 1.0 / scaleMm;
  }

  double at(double x, double y, double z) {
    double fx = x * inverseScale;
    double fy = y * inverseScale;
    double fz = z * inverseScale;
    int ix = (int) Math.floor(fx);
    int iy = (int) Math.floor(fy);
    int iz = (int) Math.floor(fz);
    double tx = smooth(fx - ix);
    double ty = smooth(fy - iy);
    double tz = smooth(fz - iz);
    double c000 = lattice(ix, iy, iz);
    double c100 = lattice(ix + 1, iy, iz);
    double c010 = lattice(ix, iy + 1, iz);
    double c110 = lattice(ix + 1, iy + 1, iz);
    double c001 = lattice(ix, iy, iz + 1);
    double c101 = lattice(ix + 1, iy, iz + 1);
    double c011 = lattice(ix, iy + 1, iz + 1);
    double c111 = lattice(ix + 1, iy + 1, iz + 1);
    double x00 = c000 + tx * (c100 - c000);
    double x10 = c010 + tx * (c110 - c010);
    double x01 = c001 + tx * (c101 - c001);
    double x11 = c011 + tx * (c111 - c011);
    double y0 = x00 + ty * (x10 - x00);
    double y1 = x01 + ty * (x11 - x01);
    return y0 + tz * (y1 - y0);
  }

  private double lattice(int ix, int iy, int iz) {
    long h = Rng.mix(seed ^ (ix * 0x9E3779B97F4A7C15L) ^ (iy * 0xC2B2AE3D27D4EB4FL) ^ (iz * 0x165667B19E3779F9L));
    return (h >>> 11) * 0x1.0p-52 - 1.0;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }
}
