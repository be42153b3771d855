package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The JDK's AES-GCM, configured as {@link SegmentCipher} configures it (transformation {@code
 * AES/GCM/NoPadding}, 256-bit key, 96-bit nonce, 128-bit tag), against Wycheproof's AES-GCM vectors
 * for that key, nonce and tag size. {@link SegmentCipher} itself derives its nonces and uses no
 * associated data, so the vectors drive the same JDK cipher directly (with their AAD).
 */
class AesGcmVectorsTest {
  private static final String FILE = "aes_gcm_test.json";

  private static boolean usedConfiguration(Vectors.Case c) {
    return c.groupInt("keySize") == SegmentCipher.KEY_LENGTH * 8
        && c.groupInt("ivSize") == 96
        && c.groupInt("tagSize") == SegmentCipher.TAG_LENGTH * 8;
  }

  private static Cipher cipher(int mode, Vectors.Case c) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        mode,
        new SecretKeySpec(c.bytes("key"), "AES"),
        new GCMParameterSpec(SegmentCipher.TAG_LENGTH * 8, c.bytes("iv")));
    byte[] aad = c.bytes("aad");
    if (aad.length > 0) {
      cipher.updateAAD(aad);
    }
    return cipher;
  }

  private static byte[] ctAndTag(Vectors.Case c) {
    byte[] ct = c.bytes("ct");
    byte[] tag = c.bytes("tag");
    byte[] out = Arrays.copyOf(ct, ct.length + tag.length);
    System.arraycopy(tag, 0, out, ct.length, tag.length);
    return out;
  }

  @Test
  void aesGcm_wycheproof256BitKeyValidVectors_encryptAndDecryptAsExpected() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (!usedConfiguration(c) || !c.isValid()) {
        continue;
      }
      checked++;
      byte[] msg = c.bytes("msg");
      byte[] expected = ctAndTag(c);
      try {
        byte[] sealed = cipher(Cipher.ENCRYPT_MODE, c).doFinal(msg);
        if (!Arrays.equals(sealed, expected)) {
          failures.mismatch(c.label(), "ct || tag", expected, sealed);
        }
        byte[] opened = cipher(Cipher.DECRYPT_MODE, c).doFinal(expected);
        if (!Arrays.equals(opened, msg)) {
          failures.mismatch(c.label(), "decrypted msg", msg, opened);
        }
      } catch (GeneralSecurityException | RuntimeException e) {
        failures.thrown(c.label(), e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(39);
  }

  @Test
  void aesGcm_wycheproof256BitKeyInvalidVectors_failDecryption() {
    Vectors.Wycheproof file = Vectors.Wycheproof.load(FILE);
    Vectors.Failures failures = new Vectors.Failures();
    int checked = 0;
    for (Vectors.Case c : file.cases) {
      if (!usedConfiguration(c) || c.isValid()) {
        continue;
      }
      checked++;
      try {
        byte[] opened = cipher(Cipher.DECRYPT_MODE, c).doFinal(ctAndTag(c));
        failures.add(c.label(), "decrypted to " + Vectors.brief(opened));
      } catch (AEADBadTagException expected) {
        // rejected, as it must be
      } catch (GeneralSecurityException | RuntimeException e) {
        failures.add(c.label(), "rejected, but not with AEADBadTagException: " + e);
      }
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(checked).isEqualTo(27);
  }
}
