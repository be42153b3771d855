package org.rogatory.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bouncy Castle's HPKE, as {@link XWingHpke} uses it (base mode, HKDF-SHA256), against the hpke-pq
 * draft's X-Wing vector and RFC 9180's DHKEM(X25519) + AES-256-GCM vector (which checks the key
 * schedule and the AEAD {@link XWingHpke} relies on; there is no published X-Wing + AES-256-GCM
 * vector).
 */
class HpkeVectorsTest {
  private static final int KEM_X_WING = 0x647a;
  private static final int KDF_HKDF_SHA256 = 0x0001;

  /** Opens every encryption in sequence and checks every export; returns the count checked. */
  private static int checkRecipient(
      HPKE hpke, JsonNode v, AsymmetricCipherKeyPair recipient, Vectors.Failures failures) {
    HPKEContext ctx = hpke.setupBaseR(Vectors.bytes(v, "enc"), recipient, Vectors.bytes(v, "info"));
    int checked = 0;
    int seq = 0;
    for (JsonNode e : v.required("encryptions")) {
      String where = "encryption " + seq++;
      try {
        byte[] pt = ctx.open(Vectors.bytes(e, "aad"), Vectors.bytes(e, "ct"));
        if (!Arrays.equals(pt, Vectors.bytes(e, "pt"))) {
          failures.mismatch(where, "pt", Vectors.bytes(e, "pt"), pt);
        }
      } catch (InvalidCipherTextException | RuntimeException ex) {
        failures.thrown(where, ex);
      }
      checked++;
    }
    int n = 0;
    for (JsonNode x : v.required("exports")) {
      String where = "export " + n++;
      byte[] exported = ctx.export(Vectors.bytes(x, "exporter_context"), x.required("L").asInt());
      if (!Arrays.equals(exported, Vectors.bytes(x, "exported_value"))) {
        failures.mismatch(where, "exported value", Vectors.bytes(x, "exported_value"), exported);
      }
      checked++;
    }
    return checked;
  }

  /** Seals every plaintext in sequence with a sender context; returns the count checked. */
  private static int checkSender(
      HPKEContextWithEncapsulation ctx, JsonNode v, Vectors.Failures failures) {
    if (!Arrays.equals(ctx.getEncapsulation(), Vectors.bytes(v, "enc"))) {
      failures.mismatch("sender", "enc", Vectors.bytes(v, "enc"), ctx.getEncapsulation());
    }
    int checked = 0;
    int seq = 0;
    for (JsonNode e : v.required("encryptions")) {
      String where = "sealed encryption " + seq++;
      try {
        byte[] ct = ctx.seal(Vectors.bytes(e, "aad"), Vectors.bytes(e, "pt"));
        if (!Arrays.equals(ct, Vectors.bytes(e, "ct"))) {
          failures.mismatch(where, "ct", Vectors.bytes(e, "ct"), ct);
        }
      } catch (InvalidCipherTextException | RuntimeException ex) {
        failures.thrown(where, ex);
      }
      checked++;
    }
    return checked;
  }

  @Test
  void xwingHpke_hpkePqXWingHkdfSha256Vector_opensAllEncryptionsAndReproducesExports() {
    JsonNode all = Vectors.json("hpke/hpke-pq_test-vectors.json");
    Vectors.Failures failures = new Vectors.Failures();
    int entries = 0;
    int recipientChecks = 0;
    int senderChecks = 0;
    for (JsonNode v : all) {
      if (v.required("kem_id").asInt() != KEM_X_WING
          || v.required("kdf_id").asInt() != KDF_HKDF_SHA256) {
        continue;
      }
      entries++;
      assertThat(v.required("mode").asInt()).isEqualTo(HPKE.mode_base);
      byte[] skRm = Vectors.bytes(v, "skRm");
      byte[] pkRm = Vectors.bytes(v, "pkRm");

      byte[] ours = new XWingHpke.PrivateKey(skRm).publicKey();
      if (!Arrays.equals(ours, pkRm)) {
        failures.mismatch("XWingHpke.PrivateKey", "pkRm", pkRm, ours);
      }
      try {
        XWingHpke.checkPublicKey(pkRm);
      } catch (MalformedInputException e) {
        failures.thrown("XWingHpke.checkPublicKey(pkRm)", e);
      }

      HPKE hpke =
          new HPKE(
              HPKE.mode_base,
              HPKE.kem_X_WING,
              HPKE.kdf_HKDF_SHA256,
              (short) v.required("aead_id").asInt());
      // As XWingHpke.PrivateKey builds its key pair.
      AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(skRm, null);
      recipientChecks += checkRecipient(hpke, v, recipient, failures);

      AsymmetricKeyParameter pkR = hpke.deserializePublicKey(pkRm);
      senderChecks +=
          checkSender(
              hpke.setupBaseS(pkR, Vectors.bytes(v, "info"), Vectors.bytes(v, "ikmE")),
              v,
              failures);
    }
    assertThat(failures.messages()).isEmpty();
    assertThat(entries).isEqualTo(1);
    assertThat(recipientChecks).isEqualTo(10 + 5);
    assertThat(senderChecks).isEqualTo(10);
  }

  @Test
  void hpkeX25519_rfc9180BaseModeAes256GcmVector_opensAllEncryptionsAndReproducesExports() {
    JsonNode all = Vectors.json("hpke/rfc9180_mode0_x25519_hkdfsha256_aes256gcm.json");
    assertThat(all.size()).isEqualTo(1);
    JsonNode v = all.get(0);
    assertThat(v.required("mode").asInt()).isEqualTo(HPKE.mode_base);
    assertThat(v.required("kem_id").asInt()).isEqualTo(HPKE.kem_X25519_SHA256);
    assertThat(v.required("kdf_id").asInt()).isEqualTo(HPKE.kdf_HKDF_SHA256);
    assertThat(v.required("aead_id").asInt()).isEqualTo(HPKE.aead_AES_GCM256);
    Vectors.Failures failures = new Vectors.Failures();
    HPKE hpke =
        new HPKE(
            HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);

    AsymmetricCipherKeyPair recipient =
        hpke.deserializePrivateKey(Vectors.bytes(v, "skRm"), Vectors.bytes(v, "pkRm"));
    int recipientChecks = checkRecipient(hpke, v, recipient, failures);

    AsymmetricKeyParameter pkR = hpke.deserializePublicKey(Vectors.bytes(v, "pkRm"));
    AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(Vectors.bytes(v, "skEm"), null);
    int senderChecks =
        checkSender(hpke.setupBaseS(pkR, Vectors.bytes(v, "info"), ephemeral), v, failures);

    assertThat(failures.messages()).isEmpty();
    assertThat(recipientChecks).isEqualTo(257 + 3);
    assertThat(senderChecks).isEqualTo(257);
  }
}
