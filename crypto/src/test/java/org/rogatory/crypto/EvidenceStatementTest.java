package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvidenceStatementTest {
  private static final String ORIGIN = "hub.example/log";
  private static final UUID MESSAGE = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00.123456789Z");
  private static final LogSigningKey LOG =
      LogSigningKey.fromSeeds(ORIGIN, sha("example ed25519"), sha("example mldsa65"));
  private static final LogSigningKey OTHER_LOG = LogSigningKey.generate(ORIGIN);

  static byte[] sha(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static EvidenceStatement submission() {
    return EvidenceStatement.submissionAcceptance(
        ORIGIN,
        "ICC-2026-0001",
        MESSAGE,
        PartyId.of("court.registry"),
        Fingerprint.of(sha("sender key")),
        List.of(PartyId.of("state.nl"), PartyId.of("court.registry")),
        sha("envelope"),
        4096,
        AT,
        41,
        sha("chain 41"));
  }

  static EvidenceStatement receipt(PartyKeys keys) {
    return EvidenceStatement.retrievalReceipt(
        "ICC-2026-0001",
        MESSAGE,
        keys.party(),
        keys.bundle().fingerprint(),
        sha("envelope"),
        4096,
        CryptoFixtures.NOW);
  }

  @Test
  void submissionAcceptance_encoding_isTheSpecifiedVector() {
    // docs/spec/evidence.md section 5 prints this encoding; an independent implementation checks
    // it.
    assertThat(HexFormat.of().formatHex(submission().encode()))
        .isEqualTo(
            "726f6761746f72792d76312065766964656e6365000101"
                + "000f6875622e6578616d706c652f6c6f67"
                + "000d4943432d323032362d30303031"
                + "00112233445566778899aabbccddeeff"
                + "000e636f7572742e7265676973747279"
                + HexFormat.of().formatHex(sha("sender key"))
                + "0002"
                + "000873746174652e6e6c"
                + "000e636f7572742e7265676973747279"
                + HexFormat.of().formatHex(sha("envelope"))
                + "0000000000001000"
                + "000000006b040ea0"
                + "075bcd15"
                + "0000000000000029"
                + HexFormat.of().formatHex(sha("chain 41"))
                + "00".repeat(32));
  }

  @Test
  void statement_decodeOfEncode_isTheSameStatement() throws Exception {
    EvidenceStatement s = submission();
    EvidenceStatement back = EvidenceStatement.decode(s.encode());
    assertThat(back).isEqualTo(s);
    assertThat(back.recipients())
        .extracting(PartyId::value)
        .containsExactly("state.nl", "court.registry");
    assertThat(back.time()).isEqualTo(AT);
    assertThat(back.logIndex()).isEqualTo(41);
    assertThat(back.actorKey()).isEqualTo(Fingerprint.of(sha("sender key")));
  }

  @Test
  void hubStatement_signedByLog_verifiesWithTheLogKeys() throws Exception {
    SignedStatement signed = LOG.sign(submission());
    SignedStatement back = SignedStatement.decode(signed.encode());
    back.verifyByLog(LOG.verifierKeys());
    assertThat(back.statement()).isEqualTo(submission());
  }

  @Test
  void hubStatement_everyFlippedByte_isRejected() throws Exception {
    byte[] good = LOG.sign(submission()).encode();
    // Every byte of every field and of both signatures: either the form breaks or a signature
    // fails. If verification were skipped, the flipped statement fields would pass.
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      try {
        SignedStatement.decode(bad).verifyByLog(LOG.verifierKeys());
        fail("a statement with byte " + i + " flipped verified");
      } catch (CryptoException expected) {
        assertThat(expected.reason())
            .isIn(CryptoException.Reason.MALFORMED, CryptoException.Reason.VERIFICATION_FAILED);
      }
    }
  }

  @Test
  void hubStatement_underAnotherLogKey_isRejected() {
    SignedStatement signed = LOG.sign(submission());
    assertThatThrownBy(() -> signed.verifyByLog(OTHER_LOG.verifierKeys()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void hubStatement_withOnlyTheEd25519Key_isRejected() {
    SignedStatement signed = LOG.sign(submission());
    assertThatThrownBy(() -> signed.verifyByLog(List.of(LOG.verifierKeys().get(0))))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("no ROGATORY_ML_DSA_65 log key");
  }

  @Test
  void hubStatement_mlDsaHalfOfAnotherKey_isRejected() throws Exception {
    byte[] mine = LOG.sign(submission()).signature();
    byte[] theirs = OTHER_LOG.sign(submission()).signature();
    System.arraycopy(theirs, 64, mine, 64, mine.length - 64); // valid Ed25519, foreign ML-DSA
    SignedStatement spliced = SignedStatement.of(submission(), mine);
    assertThatThrownBy(() -> spliced.verifyByLog(LOG.verifierKeys()))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void checkpointSignature_isNotAStatementSignature() throws Exception {
    // Domain separation: the log's signature over a checkpoint never verifies as a statement's.
    Checkpoint c = Checkpoint.of(ORIGIN, 42, TreeHash.of(sha("root")));
    SignedNote note = LOG.sign(c);
    byte[] sig = new byte[64 + 3309];
    System.arraycopy(note.signatures().get(0).signature(), 0, sig, 0, 64);
    System.arraycopy(note.signatures().get(1).signature(), 0, sig, 64, 3309);
    SignedStatement forged = SignedStatement.of(submission(), sig);
    assertThatThrownBy(() -> forged.verifyByLog(LOG.verifierKeys()))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void receipt_signedByRecipient_verifiesAgainstItsBundleOnly() throws Exception {
    PartyKeys nl = CryptoFixtures.STATE_NL;
    SignedStatement receipt =
        SignedStatement.decode(SignedStatement.signByParty(nl, receipt(nl)).encode());
    receipt.verifyByParty(nl.bundle());
    assertThatThrownBy(() -> receipt.verifyByParty(CryptoFixtures.MALLORY.bundle()))
        .isInstanceOf(CryptoException.class);
    assertThatThrownBy(() -> receipt.verifyByLog(LOG.verifierKeys()))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("signed by a party");
  }

  @Test
  void receipt_everyFlippedByte_isRejected() throws Exception {
    PartyKeys nl = CryptoFixtures.STATE_NL;
    byte[] good = SignedStatement.signByParty(nl, receipt(nl)).encode();
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x01;
      try {
        SignedStatement.decode(bad).verifyByParty(nl.bundle());
        fail("a receipt with byte " + i + " flipped verified");
      } catch (CryptoException expected) {
        assertThat(expected).isNotNull();
      }
    }
  }

  @Test
  void party_cannotSignAReceiptForAnotherParty() {
    assertThatThrownBy(
            () ->
                SignedStatement.signByParty(
                    CryptoFixtures.STATE_FR, receipt(CryptoFixtures.STATE_NL)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LOG.sign(receipt(CryptoFixtures.STATE_NL)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statement_nonCanonicalOrInconsistent_isRejected() {
    byte[] trailing =
        java.util.Arrays.copyOf(submission().encode(), submission().encode().length + 1);
    assertThatThrownBy(() -> EvidenceStatement.decode(trailing))
        .isInstanceOf(CryptoException.class);
    // A delivery that names a receipt digest has two readings: rejected when built and decoded.
    byte[] delivery =
        EvidenceStatement.delivery(
                ORIGIN,
                "ICC-2026-0001",
                MESSAGE,
                PartyId.of("state.nl"),
                sha("envelope"),
                1,
                AT,
                3,
                sha("chain 3"))
            .encode();
    delivery[delivery.length - 1] = 1;
    assertThatThrownBy(() -> EvidenceStatement.decode(delivery))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("only a retrieval names a receipt digest");
  }

  static EvidenceStatement missed(boolean delivered) {
    return EvidenceStatement.missedDeadline(
        delivered,
        ORIGIN,
        "ICC-2026-0001",
        MESSAGE,
        PartyId.of("state.nl"),
        sha("envelope"),
        4096,
        AT,
        52,
        sha("chain 52"));
  }

  @Test
  void missedDeadline_delivered_isANonRetrieval_otherwiseANonDelivery_bothSignedByTheLog()
      throws Exception {
    for (boolean delivered : new boolean[] {true, false}) {
      EvidenceStatement s = missed(delivered);
      assertThat(s.type())
          .isEqualTo(
              delivered
                  ? EvidenceStatement.Type.NON_RETRIEVAL
                  : EvidenceStatement.Type.NON_DELIVERY);
      assertThat(s.type().isSignedByHub()).isTrue();
      assertThat(s.actorKey()).isNull();
      assertThat(s.time()).isEqualTo(AT);
      byte[] encoded = s.encode();
      assertThat(encoded[22]).isEqualTo((byte) (delivered ? 4 : 5));
      assertThat(EvidenceStatement.decode(encoded)).isEqualTo(s);
      SignedStatement signed = SignedStatement.decode(LOG.sign(s).encode());
      signed.verifyByLog(LOG.verifierKeys());
      assertThat(signed.statement()).isEqualTo(s);
    }
  }

  @Test
  void missedDeadline_namingAKeyOrAReceiptOrAnUnknownType_isRejected() {
    byte[] encoded = missed(true).encode();
    // The key fingerprint follows the label, NUL, version, type, origin, request id, message id
    // and actor.
    int key = 20 + 3 + 2 + ORIGIN.length() + 2 + "ICC-2026-0001".length() + 16 + 2 + 8;
    byte[] withKey = encoded.clone();
    withKey[key] = 1;
    assertThatThrownBy(() -> EvidenceStatement.decode(withKey))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("names no key");
    byte[] withReceipt = encoded.clone();
    withReceipt[withReceipt.length - 1] = 1;
    assertThatThrownBy(() -> EvidenceStatement.decode(withReceipt))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("only a retrieval names a receipt digest");
    byte[] unknown = encoded.clone();
    unknown[22] = 6;
    assertThatThrownBy(() -> EvidenceStatement.decode(unknown))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("unknown evidence statement type 6");
    byte[] noHash = encoded.clone();
    java.util.Arrays.fill(noHash, noHash.length - 64, noHash.length - 32, (byte) 0);
    assertThatThrownBy(() -> EvidenceStatement.decode(noHash))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("chain hash");
  }

  @Test
  void nonRetrieval_encoding_isTheSpecifiedVector() {
    assertThat(HexFormat.of().formatHex(missed(true).encode())).isEqualTo(NON_RETRIEVAL_HEX);
  }

  /** docs/spec/evidence.md section 7, the second vector. */
  private static final String NON_RETRIEVAL_HEX =
      "726f6761746f72792d76312065766964656e6365" // label
          + "00"
          + "01"
          + "04" // NUL, version, NON_RETRIEVAL
          + "000f6875622e6578616d706c652f6c6f67" // origin
          + "000d4943432d323032362d30303031" // request id
          + "00112233445566778899aabbccddeeff" // message id
          + "000873746174652e6e6c" // actor: the recipient
          + "00".repeat(32) // key fingerprint: unused
          + "0000" // recipients: unused
          + "4c503ca67761e5c4aaecfe996244c25d8c0b40902d1085c85b4468bd567548c6"
          + "0000000000001000"
          + "000000006b040ea0"
          + "075bcd15" // the retrieval deadline
          + "0000000000000034" // log index 52
          + "53abcc6b5e7ee4552d1f6e768b7d202208adc17d7206eb731105b29cd4c89ac7"
          + "00".repeat(32); // receipt digest: unused
}
