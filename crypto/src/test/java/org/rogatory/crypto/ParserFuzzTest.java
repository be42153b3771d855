package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated inputs never make a parser throw anything but {@link CryptoException}, and
 * never make a mutated envelope open. Seeds are fixed so a failure reproduces; the iteration counts
 * keep the run to a few seconds.
 */
class ParserFuzzTest {
  private static final long SEED = 0x5EED_2026L;

  /** Applies one to four random mutations: flips, overwrites, insertions, deletions, cuts. */
  static byte[] mutate(byte[] in, SplittableRandom r) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(4);
    for (int k = 0; k < n && b.length > 0; k++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = (byte) r.nextInt(256);
        case 2 -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = (byte) r.nextInt(256);
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        case 3 -> {
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
        default -> b = Arrays.copyOf(b, at);
      }
    }
    return b;
  }

  static byte[] random(SplittableRandom r, int maxLen) {
    byte[] b = new byte[r.nextInt(maxLen)];
    r.nextBytes(b);
    return b;
  }

  @Test
  void keyBundleDecode_withRandomAndMutatedInput_onlyThrowsCryptoException() {
    SplittableRandom r = new SplittableRandom(SEED);
    byte[] valid = STATE_NL.bundle().encode();
    int rejected = 0;
    for (int i = 0; i < 1500; i++) {
      byte[] in = i % 3 == 0 ? random(r, 8000) : mutate(valid, r);
      if (i % 50 == 1) {
        // Random bytes behind a valid prefix reach the deeper parsing code.
        in = Arrays.copyOf(valid, 12 + r.nextInt(valid.length));
        r.nextBytes(in);
        System.arraycopy(valid, 0, in, 0, 6);
      }
      try {
        KeyBundle.decode(in);
        assertThat(in).as("only the original may decode").isEqualTo(valid);
      } catch (CryptoException e) {
        rejected++;
      }
    }
    assertThat(rejected).isGreaterThan(1400);
  }

  @Test
  void envelopeHeaderRead_withRandomAndMutatedInput_onlyThrowsCryptoException() throws Exception {
    SplittableRandom r = new SplittableRandom(SEED + 1);
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, REGISTRY, CryptoFixtures.CLOCK)
            .seal(CryptoFixtures.metadata(), List.of(STATE_NL.bundle()), new byte[10]);
    EnvelopeHeader h = EnvelopeHeader.read(new ByteArrayInputStream(envelope));
    byte[] header = Arrays.copyOf(envelope, h.encodedLength());
    int accepted = 0;
    for (int i = 0; i < 5000; i++) {
      byte[] in = i % 4 == 0 ? random(r, 400) : mutate(header, r);
      try {
        EnvelopeHeader.read(new ByteArrayInputStream(in));
        accepted++;
      } catch (CryptoException e) {
        assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED);
      } catch (java.io.IOException e) {
        throw new AssertionError("in-memory stream failed", e);
      }
    }
    // Some mutations (e.g. in the message id) still parse; most must not.
    assertThat(accepted).isLessThan(2500);
  }

  @Test
  void envelopeOpen_withRandomAndMutatedInput_neverOpensAndOnlyThrowsGenericError()
      throws Exception {
    SplittableRandom r = new SplittableRandom(SEED + 2);
    byte[] envelope =
        EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, REGISTRY, CryptoFixtures.CLOCK)
            .seal(CryptoFixtures.metadata(), List.of(STATE_NL.bundle()), new byte[2000]);
    EnvelopeOpener opener = EnvelopeOpener.create(STATE_NL, TrustedKeys.of(REGISTRY.bundle()));
    for (int i = 0; i < 1500; i++) {
      byte[] in = i % 5 == 0 ? random(r, 9000) : mutate(envelope, r);
      if (Arrays.equals(in, envelope)) {
        continue;
      }
      try {
        opener.open(in);
        throw new AssertionError("mutated envelope opened (iteration " + i + ")");
      } catch (CryptoException e) {
        assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
      }
    }
  }

  @Test
  void keyFileDecrypt_withRandomAndMutatedInput_onlyThrowsCryptoException() {
    SplittableRandom r = new SplittableRandom(SEED + 3);
    char[] pass = "pass phrase".toCharArray();
    byte[] file = KeyFile.encrypt(STATE_NL, pass, KeyFilePreset.ARGON2ID_19MIB);
    int tried = 0;
    for (int i = 0; i < 400; i++) {
      byte[] in = i % 2 == 0 ? random(r, 6000) : mutate(file, r);
      // Mutations that keep the header intact cost one KDF run each: sample only a few.
      boolean headerIntact = in.length >= 43 && Arrays.equals(in, 0, 43, file, 0, 43);
      if (headerIntact && r.nextInt(10) != 0) {
        continue;
      }
      if (in.length >= 15 && Arrays.equals(in, 0, 6, file, 0, 6) && !headerIntact) {
        // A valid magic with mutated KDF parameters may ask for up to 1 GiB: bounded by the
        // range checks, but too slow for a unit test loop; those ranges have their own test.
        continue;
      }
      tried++;
      try {
        KeyFile.decrypt(in, pass);
        throw new AssertionError("mutated key file decrypted");
      } catch (CryptoException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
    assertThat(tried).isGreaterThan(150);
  }
}
