package org.rogatory.client.keystore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.KeyFile;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SecretFile;
import org.rogatory.crypto.SecretKeyAccess;
import org.rogatory.crypto.WitnessSigningKey;

/**
 * A party's local key store: a directory holding its private keys encrypted under a passphrase
 * ({@value #PRIVATE_KEY_FILE}, the key-file format), its public key bundle ({@value #BUNDLE_FILE}),
 * and after enrolment its TLS client key encrypted under the same passphrase ({@value
 * #TLS_KEY_FILE}) with the certificate chain the hub issued ({@value #TLS_CHAIN_FILE}). Layout and
 * formats: {@code docs/spec/key-store.md}.
 *
 * <h2>Security guarantees</h2>
 *
 * Private keys are written only encrypted (Argon2id and AES-256-GCM, see {@link KeyFile} and {@link
 * SecretFile}), to owner-only files where the file system has POSIX permissions; files are written
 * to a temporary name and moved into place, and the party's keys are never overwritten. The TLS key
 * is checked against its certificate when loaded.
 *
 * <h2>Warning</h2>
 *
 * The store is as strong as its passphrase; choose a long one. An unlocked store keeps a copy of
 * the passphrase in memory (to encrypt credentials stored later) until {@link #close()}. Instances
 * are thread-safe.
 */
public final class DirectoryKeyStore implements KeyStoreBackend {
  /** The passphrase-encrypted private keys (key-file format). */
  public static final String PRIVATE_KEY_FILE = "private.key";

  /** The party's public key bundle, to publish and to give to correspondents. */
  public static final String BUNDLE_FILE = "public.bundle";

  /** The TLS client key, PKCS#8, in a {@link SecretFile} under the store's passphrase. */
  public static final String TLS_KEY_FILE = "tls-key.sealed";

  /**
   * The folder of the key files a rotation replaced, one per retired key ({@code FINGERPRINT.key}).
   */
  public static final String RETIRED_DIR = "retired";

  /** The TLS certificate chain the hub issued, PEM, the party's certificate first. */
  public static final String TLS_CHAIN_FILE = "tls-chain.pem";

  /**
   * The party's witness key ({@link WitnessSigningKey#exportPrivate}), in a {@link SecretFile}
   * under the store's passphrase; only for parties that witness the hub's log.
   */
  public static final String WITNESS_KEY_FILE = "witness-key.sealed";

  private static final int MAX_KEY_FILE = 16 * 1024;
  private static final int MAX_BUNDLE_FILE = 8 * 1024;
  private static final int MAX_CHAIN_FILE = 64 * 1024;

  private final Path dir;
  private volatile PartyKeys keys;
  private List<PartyKeys> retired; // loaded on first use; guarded by this
  private final KeyFilePreset preset;
  private char[] passphrase;
  private Optional<TlsCredentials> tls;

  private DirectoryKeyStore(Path dir, PartyKeys keys, char[] passphrase, KeyFilePreset preset) {
    this.dir = dir;
    this.keys = keys;
    this.passphrase = passphrase.clone();
    this.preset = preset;
  }

  /**
   * Creates a store in {@code dir} (created if missing) for freshly generated {@code keys}.
   *
   * @param preset the Argon2id parameters of the files this store writes
   * @throws FileAlreadyExistsException if {@code dir} already holds a private key or a bundle
   */
  public static DirectoryKeyStore create(
      Path dir, PartyKeys keys, char[] passphrase, KeyFilePreset preset) throws IOException {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(passphrase, "passphrase");
    Objects.requireNonNull(preset, "preset");
    Files.createDirectories(dir);
    Path key = dir.resolve(PRIVATE_KEY_FILE);
    Path bundle = dir.resolve(BUNDLE_FILE);
    for (Path p : new Path[] {key, bundle}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    StoreFiles.write(key, KeyFile.encrypt(keys, passphrase, preset), true, false);
    StoreFiles.write(bundle, keys.bundle().encode(), false, false);
    return new DirectoryKeyStore(dir, keys, passphrase, preset);
  }

  /**
   * Opens the store in {@code dir}, decrypting the private keys with {@code passphrase}; files it
   * writes later use the default {@link KeyFilePreset#ARGON2ID_64MIB}.
   *
   * @throws CryptoException with reason {@code WRONG_PASSPHRASE_OR_DAMAGED} if the passphrase is
   *     wrong or the file damaged, {@code MALFORMED} if it is not a key file
   * @throws java.nio.file.NoSuchFileException if there is no key file in {@code dir}
   */
  public static DirectoryKeyStore unlock(Path dir, char[] passphrase)
      throws IOException, CryptoException {
    return unlock(dir, passphrase, KeyFilePreset.ARGON2ID_64MIB);
  }

  /** As {@link #unlock(Path, char[])}, with {@code preset} for the files it writes later. */
  public static DirectoryKeyStore unlock(Path dir, char[] passphrase, KeyFilePreset preset)
      throws IOException, CryptoException {
    Objects.requireNonNull(preset, "preset");
    byte[] file = readLimited(dir.resolve(PRIVATE_KEY_FILE), MAX_KEY_FILE);
    return new DirectoryKeyStore(dir, KeyFile.decrypt(file, passphrase), passphrase, preset);
  }

  /**
   * Reads a key bundle file (as written to {@value #BUNDLE_FILE}), checking its self-signature.
   *
   * @throws CryptoException if it is not a well-formed, self-signed key bundle
   */
  public static KeyBundle readBundle(Path file) throws IOException, CryptoException {
    return KeyBundle.decode(readLimited(file, MAX_BUNDLE_FILE));
  }

  static byte[] readLimited(Path file, int limit) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(limit + 1);
      if (bytes.length > limit) {
        throw new IOException(file + " is larger than " + limit + " bytes; it is not a store file");
      }
      return bytes;
    }
  }

  /** The directory of this store. */
  public Path directory() {
    return dir;
  }

  @Override
  public PartyKeys partyKeys() {
    return keys;
  }

  /**
   * {@inheritDoc}
   *
   * <p>The current key file is first copied, as it is, to {@value #RETIRED_DIR}/FINGERPRINT.key;
   * then the new key file (under the same passphrase) and bundle replace the current ones, each by
   * an atomic move.
   */
  @Override
  public synchronized void rotate(PartyKeys next) throws IOException {
    Objects.requireNonNull(next, "next");
    PartyKeys current = keys;
    if (!next.party().equals(current.party())) {
      throw new IllegalArgumentException(
          "the new keys are for " + next.party() + ", this store for " + current.party());
    }
    if (next.bundle().fingerprint().equals(current.bundle().fingerprint())) {
      throw new IllegalArgumentException("the new keys are the current keys");
    }
    Path retiredDir = dir.resolve(RETIRED_DIR);
    Files.createDirectories(retiredDir);
    StoreFiles.write(
        retiredDir.resolve(current.bundle().fingerprint().toHex() + ".key"),
        readLimited(dir.resolve(PRIVATE_KEY_FILE), MAX_KEY_FILE),
        true,
        true);
    StoreFiles.write(
        dir.resolve(PRIVATE_KEY_FILE), KeyFile.encrypt(next, unlocked(), preset), true, true);
    StoreFiles.write(dir.resolve(BUNDLE_FILE), next.bundle().encode(), false, true);
    if (retired != null) {
      retired.add(0, current);
    }
    keys = next;
  }

  /** {@inheritDoc} Decrypted on first use (one KDF run per retired key), then kept. */
  @Override
  public synchronized List<PartyKeys> retiredKeys() throws IOException {
    if (retired == null) {
      retired =
          StoreFiles.readRetired(
              dir.resolve(RETIRED_DIR),
              ".key",
              MAX_KEY_FILE,
              file -> KeyFile.decrypt(file, unlocked()));
    }
    return List.copyOf(retired);
  }

  @Override
  public KeyPair newTlsKeyPair() {
    return HubCertificateAuthority.newKeyPair();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key must be extractable (PKCS#8); it is written encrypted, then the chain.
   */
  @Override
  public synchronized void storeTlsCredentials(TlsCredentials credentials) throws IOException {
    Objects.requireNonNull(credentials, "credentials");
    if (!credentials.party().equals(keys.party())) {
      throw new IllegalArgumentException(
          "the certificate is for " + credentials.party() + ", this store for " + keys.party());
    }
    byte[] pkcs8 = credentials.privateKey().getEncoded();
    if (pkcs8 == null || !"PKCS#8".equals(credentials.privateKey().getFormat())) {
      throw new IllegalArgumentException("this store keeps only extractable (PKCS#8) TLS keys");
    }
    try {
      StoreFiles.write(
          dir.resolve(TLS_KEY_FILE), SecretFile.encrypt(pkcs8, unlocked(), preset), true, true);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
    StoreFiles.write(
        dir.resolve(TLS_CHAIN_FILE),
        pem(credentials.chain()).getBytes(StandardCharsets.US_ASCII),
        false,
        true);
    tls = Optional.of(credentials);
  }

  /** Stores the party's witness key, encrypted under the store's passphrase; replaces any. */
  public synchronized void storeWitnessKey(WitnessSigningKey key) throws IOException {
    byte[] exported = key.exportPrivate(SecretKeyAccess.insecureSecretAccess());
    try {
      StoreFiles.write(
          dir.resolve(WITNESS_KEY_FILE),
          SecretFile.encrypt(exported, unlocked(), preset),
          true,
          true);
    } finally {
      Arrays.fill(exported, (byte) 0);
    }
  }

  /**
   * The party's witness key, if it stored one.
   *
   * @throws IOException if the file is damaged or not under this store's passphrase
   */
  public synchronized Optional<WitnessSigningKey> witnessKey() throws IOException {
    Path file = dir.resolve(WITNESS_KEY_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    byte[] exported = null;
    try {
      exported = SecretFile.decrypt(readLimited(file, MAX_KEY_FILE), unlocked());
      return Optional.of(WitnessSigningKey.importPrivate(exported));
    } catch (CryptoException e) {
      throw new IOException("the witness key in " + dir + " is damaged", e);
    } finally {
      if (exported != null) {
        Arrays.fill(exported, (byte) 0);
      }
    }
  }

  /** {@inheritDoc} Loaded from disk on first use, which runs the KDF once more. */
  @Override
  public synchronized Optional<TlsCredentials> tlsCredentials() throws IOException {
    if (tls == null) {
      tls = load();
    }
    return tls;
  }

  private Optional<TlsCredentials> load() throws IOException {
    Path keyFile = dir.resolve(TLS_KEY_FILE);
    Path chainFile = dir.resolve(TLS_CHAIN_FILE);
    if (!Files.exists(keyFile) && !Files.exists(chainFile)) {
      return Optional.empty();
    }
    List<X509Certificate> chain = parseChain(readLimited(chainFile, MAX_CHAIN_FILE));
    byte[] pkcs8 = null;
    try {
      pkcs8 = SecretFile.decrypt(readLimited(keyFile, MAX_KEY_FILE), unlocked());
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      checkPair(key, chain.get(0));
      return Optional.of(TlsCredentials.of(key, chain));
    } catch (CryptoException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(
          "the TLS credentials in " + dir + " are damaged or do not match; enrol again", e);
    } finally {
      if (pkcs8 != null) {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
  }

  private static void checkPair(PrivateKey key, X509Certificate cert)
      throws GeneralSecurityException {
    byte[] probe = "rogatory key store: TLS key check".getBytes(StandardCharsets.US_ASCII);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(probe);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(cert.getPublicKey());
    verifier.update(probe);
    if (!verifier.verify(sig)) {
      throw new GeneralSecurityException("the TLS key does not match its certificate");
    }
  }

  /** Parses PEM certificates, in order. */
  static List<X509Certificate> parseChain(byte[] pem) throws IOException {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IOException("no certificate found");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IOException("not a PEM certificate chain", e);
    }
  }

  static String pem(List<X509Certificate> chain) throws IOException {
    StringBuilder b = new StringBuilder();
    Base64.Encoder enc = Base64.getMimeEncoder(64, new byte[] {'\n'});
    for (X509Certificate c : chain) {
      try {
        b.append("-----BEGIN CERTIFICATE-----\n")
            .append(enc.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IOException("a certificate cannot be encoded", e);
      }
    }
    return b.toString();
  }

  private char[] unlocked() {
    if (passphrase == null) {
      throw new IllegalStateException("the key store is closed");
    }
    return passphrase;
  }

  @Override
  public synchronized void close() {
    if (passphrase != null) {
      Arrays.fill(passphrase, '\0');
      passphrase = null;
    }
  }

  @Override
  public String toString() {
    return "DirectoryKeyStore[" + dir + ", " + keys.bundle() + "]";
  }
}
