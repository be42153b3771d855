package org.rogatory.crypto.internal;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Argon2id (RFC 9106), version 0x13, no secret and no associated data. */
public final class Argon2id {
  private Argon2id() {}

  public static byte[] derive(
      byte[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
