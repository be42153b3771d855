package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.rogatory.client.HubClient;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.SentMessage;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.client.keystore.Pkcs11KeyStore;
import org.rogatory.client.keystore.Pkcs11Token;
import org.rogatory.client.keystore.TlsCredentials;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.hub.sdk.SdkFixtures.Created;
import org.rogatory.hub.support.SoftHsm;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A State whose keys are rooted in a PKCS#11 token (SoftHSM, through its real module): the TLS key
 * is generated on the token and never leaves it, the end-to-end keys are sealed by a token key, and
 * the party enrols, authenticates over mTLS and exchanges sealed messages like any other.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-pkcs11")
class SdkPkcs11IT extends SoftHsmCourtTestBase {
  private static Pkcs11Token open(SoftHsm.Token t) throws IOException {
    return Pkcs11Token.open(SoftHsm.LIBRARY, t.slot(), t.pin().toCharArray());
  }

  @Test
  void aPartyOnAToken_enrols_exchangesSealedMessages_andReopensItsStoreFromTheToken()
      throws Exception {
    SoftHsm.Token t = SoftHsm.token();
    try (Pkcs11Token token = open(t)) {
      Created created =
          fixtures.createParty("state.pk-" + SdkFixtures.suffix(), "CENTRAL_AUTHORITY");
      PartyId id = PartyId.of(created.id());
      Path dir = tmp.resolve(created.id());
      Pkcs11KeyStore store = Pkcs11KeyStore.create(dir, PartyKeys.generator(id).generate(), token);
      HubClient state = fixtures.client(store, port);
      state.enrol(created.code());

      // The TLS key is the token's: a handle, with no encoding to read out.
      TlsCredentials tls = store.tlsCredentials().orElseThrow();
      assertThat(tls.privateKey().getEncoded()).as("the TLS key's encoding").isNull();
      assertThat(tls.privateKey().getClass().getName()).contains("P11");
      // What lies on disk: the sealed key file, the public bundle, the public chain; no key file
      // under a passphrase and no TLS key.
      assertThat(Files.exists(dir.resolve(Pkcs11KeyStore.TOKEN_KEY_FILE))).isTrue();
      assertThat(Files.exists(dir.resolve(DirectoryKeyStore.PRIVATE_KEY_FILE))).isFalse();
      assertThat(Files.exists(dir.resolve(DirectoryKeyStore.TLS_KEY_FILE))).isFalse();

      // The Court sends; the State (authenticated by the token's key) fetches and opens.
      String requestId = SdkFixtures.openRequest(court.client(), id);
      Path warrant = tmp.resolve("warrant-" + requestId);
      Files.writeString(warrant, "a warrant for the token test", StandardCharsets.UTF_8);
      SentMessage sent =
          court.client().messages().send(requestId, warrant, "text/plain", (d, n) -> {});
      Path received = tmp.resolve("received-" + requestId);
      ReceivedMessage m =
          state.messages().fetch(requestId, sent.messageId(), received, (d, n) -> {});
      assertThat(Files.readString(received)).isEqualTo("a warrant for the token test");
      assertThat(m.sender()).isEqualTo(court.id().value());

      // The State answers, signing with the keys the token unsealed; the Court opens it.
      Path answer = tmp.resolve("answer-" + requestId);
      Files.writeString(answer, "received, executing", StandardCharsets.UTF_8);
      SentMessage reply = state.messages().send(requestId, answer, "text/plain", (d, n) -> {});
      Path back = tmp.resolve("back-" + requestId);
      court.client().messages().fetch(requestId, reply.messageId(), back, (d, n) -> {});
      assertThat(Files.readString(back)).isEqualTo("received, executing");

      // A rotation on the token: the old keys are kept sealed by the token, and still open what
      // was sealed to them.
      var rotation = state.rotateKeys();
      assertThat(rotation.previous()).isNotNull();
      assertThat(store.retiredKeys()).hasSize(1);
      Path old = tmp.resolve("old-" + requestId);
      state.messages().fetch(requestId, sent.messageId(), old, (d, n) -> {});
      assertThat(Files.readString(old)).isEqualTo("a warrant for the token test");
      state.close();

      // Later: the store reopens from the token alone, and the party is still itself.
      Pkcs11KeyStore reopened = Pkcs11KeyStore.open(dir, token);
      assertThat(reopened.partyKeys().bundle()).isEqualTo(store.partyKeys().bundle());
      HubClient again = fixtures.client(reopened, port);
      Path again1 = tmp.resolve("again-" + requestId);
      again.messages().fetch(requestId, sent.messageId(), again1, (d, n) -> {});
      assertThat(Files.readString(again1)).isEqualTo("a warrant for the token test");
      assertThat(reopened.tlsCredentials().orElseThrow().serial()).isEqualTo(tls.serial());
    }
  }

  @Test
  void theKeysMadeOnTheToken_cannotBeReadOut_butSign() throws Exception {
    SoftHsm.Token t = SoftHsm.token();
    try (Pkcs11Token token = open(t)) {
      PartyId id = PartyId.of("state.ro-" + SdkFixtures.suffix());
      Path dir = tmp.resolve(id.value());
      Pkcs11KeyStore store = Pkcs11KeyStore.create(dir, PartyKeys.generator(id).generate(), token);
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS11", token.provider());
      ks.load(null, t.pin().toCharArray());
      SecretKey kek = (SecretKey) ks.getKey("rogatory-kek " + id.value(), null);
      assertThat(kek).isNotNull();
      assertThat(kek.getEncoded()).as("the sealing key's encoding").isNull();
      var pair = store.newTlsKeyPair();
      assertThat(pair.getPrivate().getEncoded()).as("a fresh TLS key's encoding").isNull();
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(pair.getPrivate());
      s.update(new byte[] {1, 2, 3});
      byte[] sig = s.sign();
      Signature v = Signature.getInstance("SHA256withECDSA");
      v.initVerify(pair.getPublic());
      v.update(new byte[] {1, 2, 3});
      assertThat(v.verify(sig)).isTrue();
    }
  }

  @Test
  void aWrongPin_orAnotherToken_doesNotOpenTheStore() throws Exception {
    SoftHsm.Token first = SoftHsm.token();
    PartyId id = PartyId.of("state.wp-" + SdkFixtures.suffix());
    Path dir = tmp.resolve(id.value());
    try (Pkcs11Token token = open(first)) {
      Pkcs11KeyStore.create(dir, PartyKeys.generator(id).generate(), token);
    }
    assertThatThrownBy(
            () -> Pkcs11Token.open(SoftHsm.LIBRARY, first.slot(), "not-the-pin".toCharArray()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("PIN");
    SoftHsm.Token second = SoftHsm.token();
    try (Pkcs11Token other = open(second)) {
      assertThatThrownBy(() -> Pkcs11KeyStore.open(dir, other))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("holds no key");
    }
  }
}
