package org.traumaflow.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A UID derived from a name under the UUID root 2.25 (PS3.5 B.2): the same name always gives
 * the same UID, so results written again for the same study and ensemble replace nothing in an
 * archive and add no duplicate. The name-based (MD5, version 3) UUID as an unsigned decimal
 * has at most 39 digits and no leading zero, so the UID has at most 44 characters.
 */
public final class DerivedUid {
  private DerivedUid() {}

  /** The UID of the name made by joining {@code parts} with a separator no UID or hash holds. */
  public static String of(String... parts) {
    UUID uuid = UUID.nameUUIDFromBytes(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    return "2.25." + new BigInteger(1, bytes);
  }
}
