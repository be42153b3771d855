package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints signed by the log's two keys, cosigned by witnesses, and tampered with. */
class CheckpointTest {
  private static final String ORIGIN = "hub.example/log";
  private static final LogSigningKey LOG = LogSigningKey.generate(ORIGIN);
  private static final WitnessSigningKey W1 = WitnessSigningKey.generate("witness.example/w1");
  private static final WitnessSigningKey W2 = WitnessSigningKey.generate("witness.example/w2");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00.750Z"), ZoneOffset.UTC);
  private static final Checkpoint CHECKPOINT =
      Checkpoint.of(
          ORIGIN, 20852163, TreeHash.ofBase64("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
  private static final CheckpointVerifier VERIFIER =
      CheckpointVerifier.forLog(ORIGIN, LOG.verifierKeys());

  @Test
  void specExampleText_parses_andFormatsIdentically() throws CryptoException {
    String text =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    Checkpoint c = Checkpoint.parse(text);

    assertThat(c.origin()).isEqualTo("example.com/behind-the-sofa");
    assertThat(c.size()).isEqualTo(20852163);
    assertThat(c.root().toBase64()).isEqualTo("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=");
    assertThat(c.extensions()).isEmpty();
    assertThat(c.text()).isEqualTo(text);
  }

  @Test
  void specExampleSignedCheckpoint_parses_butIsNotOurLogs() throws CryptoException {
    String note =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
            + "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

    assertThat(SignedNote.parse(note).signatures().get(0).keyId()).isEqualTo(0x033de0ae);
    assertFails(() -> VERIFIER.verify(note), CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void checkpointWithExtensions_roundTrips() throws CryptoException {
    Checkpoint c =
        Checkpoint.of(ORIGIN, 0, TreeHash.emptyTree(), List.of("ext one", "\u00e9t\u00e9"));
    assertThat(Checkpoint.parse(c.text())).isEqualTo(c);
    assertThat(Checkpoint.parse(c.text()).extensions()).containsExactly("ext one", "\u00e9t\u00e9");
  }

  @Test
  void malformedCheckpointTexts_areRejected() {
    String root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
    for (String text :
        List.of(
            "o\n1\n",
            "o\n1\n" + root,
            "\n1\n" + root + "\n",
            "o\n01\n" + root + "\n",
            "o\n-1\n" + root + "\n",
            "o\n+1\n" + root + "\n",
            "o\n 1\n" + root + "\n",
            "o\n9223372036854775808\n" + root + "\n",
            "o\n18446744073709551616\n" + root + "\n",
            "o\n1\n" + root.replace("=", "") + "\n",
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
            "o\n1\n" + root.substring(4) + "\n",
            "o\n1\n" + root + "\n\n",
            "o\n1\n" + root + "\next\n\nmore\n",
            "o\n1\r\n" + root + "\n")) {
      assertFails(() -> Checkpoint.parse(text), CryptoException.Reason.MALFORMED);
    }
  }

  @Test
  void largestSize_parses() throws CryptoException {
    Checkpoint c =
        Checkpoint.parse("o\n9223372036854775807\n" + TreeHash.emptyTree().toBase64() + "\n");
    assertThat(c.size()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void signedCheckpoint_hasAnEd25519AndAnMlDsaLine_andVerifies() throws CryptoException {
    SignedNote note = LOG.sign(CHECKPOINT);

    assertThat(note.signatures()).hasSize(2);
    assertThat(note.signatures().get(0).signature()).hasSize(64);
    assertThat(note.signatures().get(1).signature()).hasSize(3309);
    assertThat(note.signatures()).allSatisfy(s -> assertThat(s.keyName()).isEqualTo(ORIGIN));
    assertThat(VERIFIER.verify(note.encode())).isEqualTo(CHECKPOINT);
    assertThat(VERIFIER.verify(SignedNote.parse(note.toBytes()))).isEqualTo(CHECKPOINT);
  }

  @Test
  void signedCheckpoint_missingEitherLogSignature_isRejected() {
    SignedNote note = LOG.sign(CHECKPOINT);
    for (int drop = 0; drop < 2; drop++) {
      SignedNote one = SignedNote.of(note.text(), List.of(note.signatures().get(1 - drop)));
      assertFails(() -> VERIFIER.verify(one), CryptoException.Reason.VERIFICATION_FAILED);
    }
  }

  @Test
  void signedCheckpoint_withAnyChangedTextByte_isRejected() {
    String encoded = LOG.sign(CHECKPOINT).encode();
    int textLength = CHECKPOINT.text().length();
    for (int i = 0; i < textLength; i++) {
      if (encoded.charAt(i) == '\n') {
        continue;
      }
      char replacement = encoded.charAt(i) == 'A' ? 'B' : 'A';
      String changed = encoded.substring(0, i) + replacement + encoded.substring(i + 1);
      assertThatThrownBy(() -> VERIFIER.verify(changed)).isInstanceOf(CryptoException.class);
    }
  }

  @Test
  void signedCheckpoint_withAFlippedSignatureBit_isRejected() {
    SignedNote note = LOG.sign(CHECKPOINT);
    for (int which = 0; which < 2; which++) {
      SignedNote.Signature s = note.signatures().get(which);
      for (int bit : new int[] {0, 9, 511}) {
        byte[] sig = s.signature();
        sig[bit / 8] ^= (byte) (1 << (bit % 8));
        List<SignedNote.Signature> all = new ArrayList<>(note.signatures());
        all.set(which, SignedNote.Signature.of(s.keyName(), s.keyId(), sig));
        SignedNote bad = SignedNote.of(note.text(), all);
        assertFails(() -> VERIFIER.verify(bad), CryptoException.Reason.VERIFICATION_FAILED);
      }
    }
  }

  @Test
  void signedCheckpoint_byAnotherKeyWithTheLogsName_isRejected() {
    LogSigningKey impostor = LogSigningKey.generate(ORIGIN);
    SignedNote forged = impostor.sign(CHECKPOINT);
    assertFails(() -> VERIFIER.verify(forged), CryptoException.Reason.VERIFICATION_FAILED);

    // A line that claims the log's name and key ID but carries another key's signature.
    SignedNote real = LOG.sign(CHECKPOINT);
    SignedNote.Signature claimed =
        SignedNote.Signature.of(
            ORIGIN, real.signatures().get(0).keyId(), forged.signatures().get(0).signature());
    SignedNote mixed = real.withSignature(claimed);
    assertFails(() -> VERIFIER.verify(mixed), CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void signedCheckpoint_withUnknownSignatures_verifies() throws CryptoException {
    SignedNote note =
        LOG.sign(CHECKPOINT)
            .withSignature(
                LogSigningKey.generate("other.example/log")
                    .sign(Checkpoint.of("other.example/log", 1, TreeHash.emptyTree()))
                    .signatures()
                    .get(0))
            .withSignature(W1.cosign(CHECKPOINT, CLOCK));
    assertThat(VERIFIER.verify(note)).isEqualTo(CHECKPOINT);
  }

  @Test
  void checkpointOfAnotherOrigin_isRejectedEvenIfSigned() throws CryptoException {
    CheckpointVerifier otherOrigin =
        CheckpointVerifier.forLog("elsewhere.example/log", LOG.verifierKeys());
    SignedNote note = LOG.sign(CHECKPOINT);
    assertFails(() -> otherOrigin.verify(note), CryptoException.Reason.VERIFICATION_FAILED);
    assertThatThrownBy(
            () -> LOG.sign(Checkpoint.of("elsewhere.example/log", 1, TreeHash.emptyTree())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cosignature_isTimestampedToTheSecond_andVerifiesWithTheWitnessKey() throws CryptoException {
    SignedNote.Signature cosig = W1.cosign(CHECKPOINT, CLOCK);

    assertThat(cosig.keyName()).isEqualTo("witness.example/w1");
    assertThat(cosig.signature()).hasSize(72);
    assertThat(ByteBuffer.wrap(cosig.signature()).getLong())
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());
    assertThat(W1.verifierKey().verify(CHECKPOINT.text(), cosig))
        .isEqualTo(Instant.parse("2026-11-22T10:00:00Z").getEpochSecond());
  }

  @Test
  void witnessQuorum_isEnforced() throws CryptoException {
    SignedNote logged = LOG.sign(CHECKPOINT);
    SignedNote one = logged.withSignature(W1.cosign(CHECKPOINT, CLOCK));
    SignedNote two = one.withSignature(W2.cosign(CHECKPOINT, CLOCK));
    List<NoteVerifierKey> witnesses = List.of(W1.verifierKey(), W2.verifierKey());

    assertThat(VERIFIER.withWitnesses(0, witnesses).verify(logged)).isEqualTo(CHECKPOINT);
    assertThat(VERIFIER.withWitnesses(1, witnesses).verify(one)).isEqualTo(CHECKPOINT);
    assertThat(VERIFIER.withWitnesses(2, witnesses).verify(two)).isEqualTo(CHECKPOINT);
    assertFails(
        () -> VERIFIER.withWitnesses(1, witnesses).verify(logged),
        CryptoException.Reason.VERIFICATION_FAILED);
    assertFails(
        () -> VERIFIER.withWitnesses(2, witnesses).verify(one),
        CryptoException.Reason.VERIFICATION_FAILED);
    // The same witness twice counts once.
    SignedNote twice = one.withSignature(W1.cosign(CHECKPOINT, CLOCK));
    assertFails(
        () -> VERIFIER.withWitnesses(2, witnesses).verify(twice),
        CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void cosignature_withChangedTimestampOrOverAnotherCheckpoint_isRejected() {
    List<NoteVerifierKey> witnesses = List.of(W1.verifierKey());
    SignedNote.Signature cosig = W1.cosign(CHECKPOINT, CLOCK);
    byte[] later = cosig.signature();
    later[7]++;
    byte[] huge = cosig.signature();
    huge[0] = (byte) 0x80;
    for (byte[] sig : List.of(later, huge, java.util.Arrays.copyOf(cosig.signature(), 71))) {
      SignedNote bad =
          LOG.sign(CHECKPOINT)
              .withSignature(SignedNote.Signature.of(cosig.keyName(), cosig.keyId(), sig));
      assertFails(
          () -> VERIFIER.withWitnesses(1, witnesses).verify(bad),
          CryptoException.Reason.VERIFICATION_FAILED);
    }
    Checkpoint other = Checkpoint.of(ORIGIN, CHECKPOINT.size() + 1, CHECKPOINT.root());
    SignedNote moved = LOG.sign(other).withSignature(cosig);
    assertFails(
        () -> VERIFIER.withWitnesses(1, witnesses).verify(moved),
        CryptoException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void verifierConfiguration_isValidated() {
    NoteVerifierKey cosigner = W1.verifierKey();
    assertThatThrownBy(() -> CheckpointVerifier.forLog(ORIGIN, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CheckpointVerifier.forLog(ORIGIN, List.of(cosigner)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VERIFIER.withWitnesses(2, List.of(cosigner)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VERIFIER.withWitnesses(1, LOG.verifierKeys().subList(0, 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> VERIFIER.withWitnesses(1, List.of(cosigner, cosigner)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keys_exportAndImport_andNeverPrintSecrets() throws CryptoException {
    LogSigningKey log =
        LogSigningKey.importPrivate(LOG.exportPrivate(SecretKeyAccess.insecureSecretAccess()));
    WitnessSigningKey w =
        WitnessSigningKey.importPrivate(W1.exportPrivate(SecretKeyAccess.insecureSecretAccess()));

    assertThat(log.verifierKeys()).isEqualTo(LOG.verifierKeys());
    assertThat(VERIFIER.verify(log.sign(CHECKPOINT))).isEqualTo(CHECKPOINT);
    assertThat(w.verifierKey()).isEqualTo(W1.verifierKey());
    assertThat(LOG.toString()).contains("REDACTED").contains(ORIGIN);
    assertThat(W1.toString()).contains("REDACTED");
    byte[] exported = LOG.exportPrivate(SecretKeyAccess.insecureSecretAccess());
    assertFails(
        () -> LogSigningKey.importPrivate(java.util.Arrays.copyOf(exported, exported.length - 1)),
        CryptoException.Reason.MALFORMED);
    assertFails(() -> WitnessSigningKey.importPrivate(exported), CryptoException.Reason.MALFORMED);
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertFails(Call call, CryptoException.Reason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            CryptoException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
