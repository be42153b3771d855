package org.rogatory.client.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.WitnessSigningKey;

class DirectoryKeyStoreTest {
  static final char[] PW = "the store passphrase".toCharArray();
  static final KeyFilePreset FAST = KeyFilePreset.ARGON2ID_19MIB;
  static final PartyId NL = PartyId.of("state.nl");

  @TempDir Path dir;
  PartyKeys keys;

  @BeforeEach
  void create() throws IOException {
    keys = PartyKeys.generator(NL).generate();
    DirectoryKeyStore.create(dir, keys, PW, FAST).close();
  }

  private TlsCredentials issue(KeyStoreBackend store) throws Exception {
    HubCertificateAuthority ca =
        HubCertificateAuthority.create("Test hub CA", Duration.ofDays(30), Clock.systemUTC());
    KeyPair tls = store.newTlsKeyPair();
    X509Certificate cert =
        ca.issueClientCertificate(
            HubCertificateAuthority.certificateRequest(tls, NL), NL, Duration.ofDays(1));
    return TlsCredentials.of(tls.getPrivate(), List.of(cert, ca.certificate()));
  }

  @Test
  void unlock_withRightPassphrase_givesTheSameKeys_andNoTlsBeforeEnrolment() throws Exception {
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThat(store.partyKeys().bundle()).isEqualTo(keys.bundle());
      assertThat(store.tlsCredentials()).isEmpty();
    }
    assertThat(DirectoryKeyStore.readBundle(dir.resolve(DirectoryKeyStore.BUNDLE_FILE)))
        .isEqualTo(keys.bundle());
  }

  @Test
  void witnessKey_isStoredEncrypted_readBackAfterUnlock_andADamagedFileIsAnIoError()
      throws Exception {
    WitnessSigningKey key = WitnessSigningKey.generate("state.nl/witness");
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThat(store.witnessKey()).isEmpty();
      store.storeWitnessKey(key);
    }
    Path file = dir.resolve(DirectoryKeyStore.WITNESS_KEY_FILE);
    byte[] sealed = Files.readAllBytes(file);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("state.nl/witness");
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThat(store.witnessKey().orElseThrow().verifierKey()).isEqualTo(key.verifierKey());
    }
    sealed[sealed.length - 1] ^= 0x01;
    Files.write(file, sealed);
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThatThrownBy(store::witnessKey)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("witness key");
    }
  }

  @Test
  void unlock_withWrongPassphrase_throwsCryptoException() {
    assertThatThrownBy(() -> DirectoryKeyStore.unlock(dir, "wrong".toCharArray(), FAST))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void create_overExistingStore_refuses() {
    assertThatThrownBy(() -> DirectoryKeyStore.create(dir, keys, PW, FAST))
        .isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void tlsCredentials_storedThenReloaded_matchAndStayEncryptedOnDisk() throws Exception {
    TlsCredentials issued;
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      issued = issue(store);
      store.storeTlsCredentials(issued);
    }
    byte[] sealed = Files.readAllBytes(dir.resolve(DirectoryKeyStore.TLS_KEY_FILE));
    assertThat(new String(sealed, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RGSF");
    assertThat(Files.readString(dir.resolve(DirectoryKeyStore.TLS_CHAIN_FILE)))
        .startsWith("-----BEGIN CERTIFICATE-----");
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      TlsCredentials loaded = store.tlsCredentials().orElseThrow();
      assertThat(loaded.serial()).isEqualTo(issued.serial());
      assertThat(loaded.party()).isEqualTo(NL);
      assertThat(loaded.chain()).hasSize(2);
      assertThat(loaded.privateKey().getEncoded()).isEqualTo(issued.privateKey().getEncoded());
      assertThat(loaded.toString()).contains("REDACTED");
    }
  }

  @Test
  void tlsCredentials_withSwappedCertificate_areRejectedOnLoad() throws Exception {
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      store.storeTlsCredentials(issue(store));
      TlsCredentials other = issue(store);
      Files.writeString(
          dir.resolve(DirectoryKeyStore.TLS_CHAIN_FILE), DirectoryKeyStore.pem(other.chain()));
    }
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThatThrownBy(store::tlsCredentials)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("do not match");
    }
  }

  @Test
  void storeTlsCredentials_forAnotherParty_isRefused() throws Exception {
    HubCertificateAuthority ca =
        HubCertificateAuthority.create("Test hub CA", Duration.ofDays(30), Clock.systemUTC());
    KeyPair tls = HubCertificateAuthority.newKeyPair();
    PartyId fr = PartyId.of("state.fr");
    X509Certificate cert =
        ca.issueClientCertificate(
            HubCertificateAuthority.certificateRequest(tls, fr), fr, Duration.ofDays(1));
    try (DirectoryKeyStore store = DirectoryKeyStore.unlock(dir, PW, FAST)) {
      assertThatThrownBy(
              () -> store.storeTlsCredentials(TlsCredentials.of(tls.getPrivate(), List.of(cert))))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
