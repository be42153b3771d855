package org.rogatory.crypto;

/**
 * Named parameter sets for encrypting a party's private keys under a passphrase: Argon2id (RFC
 * 9106, version 0x13) to derive a 256-bit key, AES-256-GCM to encrypt. See {@code
 * docs/spec/key-file.md}.
 */
public enum KeyFilePreset {
  /** RFC 9106's second recommended option: 64 MiB, 3 passes, 4 lanes. The default. */
  ARGON2ID_64MIB(64 * 1024, 3, 4),
  /**
   * 19 MiB, 2 passes, 1 lane: the lower bound OWASP recommends, for constrained devices and tests.
   * Prefer {@link #ARGON2ID_64MIB}.
   */
  ARGON2ID_19MIB(19 * 1024, 2, 1);

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;

  KeyFilePreset(int memoryKiB, int iterations, int parallelism) {
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
