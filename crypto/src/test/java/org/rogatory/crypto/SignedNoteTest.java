package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.internal.Ed25519;
import tools.jackson.databind.JsonNode;

/**
 * Signed notes and verifier keys against the vectors of the Go reference implementation
 * (golang.org/x/mod/sumdb/note, vectors/signed-note-go.json) and the C2SP specifications' examples.
 */
class SignedNoteTest {
  private static final JsonNode V = MerkleFixtures.vectors("signed-note-go.json");
  private static final String TEXT = V.get("text").asString();
  private static final JsonNode PETER = V.get("keys").get(0);
  private static final JsonNode ENOCH = V.get("keys").get(1);
  private static final String PETER_SIG = PETER.get("signature_line").asString();
  private static final String ENOCH_SIG = ENOCH.get("signature_line").asString();

  private static NoteVerifierKey peter() throws CryptoException {
    return NoteVerifierKey.parse(PETER.get("vkey").asString());
  }

  @Test
  void goVerifierKey_parses_withItsKeyId() throws CryptoException {
    NoteVerifierKey k = peter();

    assertThat(k.name()).isEqualTo("PeterNeumann");
    assertThat(k.type()).isEqualTo(NoteVerifierKey.Type.ED25519);
    assertThat(k.keyId()).isEqualTo(0xc74f20a3);
    assertThat(k.encode()).isEqualTo(PETER.get("vkey").asString());
    assertThat(NoteVerifierKey.parse(ENOCH.get("vkey").asString()).keyId()).isEqualTo(0xaf0cfe78);
  }

  @Test
  void goSignerKey_signsTheGoNote_byteForByte() throws CryptoException {
    // skey = PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)
    String skey = PETER.get("skey").asString();
    byte[] material = Base64.getDecoder().decode(skey.split("\\+", 5)[4]);
    assertThat(material[0]).isEqualTo((byte) 0x01);
    byte[] seed = java.util.Arrays.copyOfRange(material, 1, 33);
    NoteVerifierKey k = peter();
    assertThat(Ed25519.publicKey(seed)).isEqualTo(k.publicKey());

    SignedNote.Signature s =
        SignedNote.Signature.of(
            k.name(), k.keyId(), Ed25519.sign(seed, TEXT.getBytes(StandardCharsets.UTF_8)));

    assertThat(s.line()).isEqualTo(PETER_SIG);
    assertThat(SignedNote.of(TEXT, List.of(s)).encode()).isEqualTo(TEXT + "\n" + PETER_SIG);
  }

  @Test
  void goNote_parsesAndVerifiesForItsKey_andIgnoresTheOther() throws CryptoException {
    SignedNote note = SignedNote.parse(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
    NoteVerifierKey peter = peter();

    assertThat(note.text()).isEqualTo(TEXT);
    assertThat(note.signatures()).hasSize(2);
    assertThat(peter.matches(note.signatures().get(0))).isTrue();
    assertThat(peter.matches(note.signatures().get(1))).isFalse();
    peter.verify(note.text(), note.signatures().get(0));
    NoteVerifierKey.parse(ENOCH.get("vkey").asString())
        .verify(note.text(), note.signatures().get(1));
    assertThat(note.encode()).isEqualTo(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
  }

  @Test
  void goNote_withChangedTextOrSignature_doesNotVerify() throws CryptoException {
    NoteVerifierKey peter = peter();
    SignedNote changedText =
        SignedNote.parse(TEXT.replace("problem,", "problem;") + "\n" + PETER_SIG);
    SignedNote longerSig =
        SignedNote.parse(
            TEXT + "\n" + PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60));

    assertVerificationFails(peter, changedText);
    assertVerificationFails(peter, longerSig);
  }

  @Test
  void goMalformedNotes_areRejected() {
    List<String> bad =
        List.of(
            TEXT,
            TEXT + "\n",
            TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
            "\u0001" + TEXT + "\n" + PETER_SIG,
            TEXT
                + "\n"
                + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
            TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
            TEXT + "\n" + PETER_SIG.repeat(101),
            TEXT + "\n" + PETER_SIG.replace("\u2014", "-"),
            TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),
            TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter+Neumann"),
            TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter\u00a0Neumann"),
            TEXT.replace("\n", "\r\n") + "\n" + PETER_SIG,
            TEXT + "\n" + "\u2014 PeterNeumann AAAA\n");
    for (String note : bad) {
      assertThatThrownBy(() -> SignedNote.parse(note))
          .as("%s", note)
          .isInstanceOfSatisfying(
              CryptoException.class,
              e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.MALFORMED));
    }
    byte[] invalidUtf8 = (TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
    invalidUtf8[0] = (byte) 0xff;
    assertThatThrownBy(() -> SignedNote.parse(invalidUtf8)).isInstanceOf(CryptoException.class);
  }

  @Test
  void noteWithSixteenSignatures_isAccepted() throws CryptoException {
    assertThat(SignedNote.parse(TEXT + "\n" + PETER_SIG.repeat(16)).signatures()).hasSize(16);
    assertThat(SignedNote.parse(TEXT + "\n" + PETER_SIG.repeat(100)).signatures()).hasSize(100);
  }

  @Test
  void noteTextWithEmptyLines_isSplitAtTheLastBlankLine() throws CryptoException {
    String poem =
        "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n";
    String spec =
        poem
            + "\n\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";

    SignedNote note = SignedNote.parse(spec);

    assertThat(note.text()).isEqualTo(poem);
    assertThat(note.signatures().get(0).keyName()).isEqualTo("quasimodo.example/salvatore");
    assertThat(note.encode()).isEqualTo(spec);
  }

  @Test
  void goMangledVerifierKeys_areRejected() {
    String vkey = PETER.get("vkey").asString();
    byte[] b = vkey.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i <= b.length; i++) {
      for (int j = i + 1; j <= b.length; j++) {
        if (i != 0 || j != b.length) {
          assertVkeyRejected(new String(b, i, j - i, StandardCharsets.US_ASCII));
        }
      }
    }
    for (int i = 0; i < b.length; i++) {
      b[i]++;
      assertVkeyRejected(new String(b, StandardCharsets.US_ASCII));
      b[i]--;
    }
    for (JsonNode bad : V.get("bad_vkeys")) {
      assertVkeyRejected(bad.asString());
    }
  }

  @Test
  void verifierKeys_ofEveryType_roundTrip() throws CryptoException {
    LogSigningKey log = LogSigningKey.generate("hub.example/log");
    WitnessSigningKey witness = WitnessSigningKey.generate("witness.example/w1");
    for (NoteVerifierKey k :
        List.of(log.verifierKeys().get(0), log.verifierKeys().get(1), witness.verifierKey())) {
      assertThat(NoteVerifierKey.parse(k.encode())).isEqualTo(k);
    }
    assertThat(log.verifierKeys().get(1).encode())
        .startsWith("hub.example/log+")
        .contains("+/3JvZ2F0b3J5LXYxIG1sLWRzYS02N");
  }

  private static void assertVkeyRejected(String vkey) {
    assertThatThrownBy(() -> NoteVerifierKey.parse(vkey))
        .as("%s", vkey)
        .isInstanceOf(CryptoException.class);
  }

  private static void assertVerificationFails(NoteVerifierKey key, SignedNote note) {
    assertThatThrownBy(() -> key.verify(note.text(), note.signatures().get(0)))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.VERIFICATION_FAILED));
  }
}
