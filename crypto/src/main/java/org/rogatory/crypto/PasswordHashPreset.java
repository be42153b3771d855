package org.rogatory.crypto;

/**
 * Named parameter sets for hashing a person's sign-in password with Argon2id (RFC 9106, version
 * 0x13). The parameters are recorded with every hash, so a stronger preset can be introduced later
 * and older hashes still verify.
 */
public enum PasswordHashPreset {
  /**
   * 19 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte tag: OWASP's recommended minimum for
   * interactive sign-in on a shared server, where every sign-in costs the hub this much memory.
   */
  ARGON2ID_19MIB_T2(19 * 1024, 2, 1);

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;

  PasswordHashPreset(int memoryKiB, int iterations, int parallelism) {
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  int memoryKiB() {
    return memoryKiB;
  }

  int iterations() {
    return iterations;
  }

  int parallelism() {
    return parallelism;
  }
}
