package org.rogatory.client.keystore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.TokenKeyFile;

/**
 * A key store whose secrets are rooted in a PKCS#11 token.
 *
 * <ul>
 *   <li>The TLS client key is generated on the token (P-256), sensitive and not extractable, and
 *       kept there with its certificate chain; the TLS handshake signs on the token.
 *   <li>The end-to-end keys (Ed25519 + ML-DSA-65 signing, X-Wing decryption) cannot live on today's
 *       tokens, which have no post-quantum mechanisms. They stay in {@value #TOKEN_KEY_FILE},
 *       encrypted by the token with an AES-256 key that never leaves it ({@link TokenKeyFile}): the
 *       file is useless without the token and its PIN, and there is no passphrase to guess offline.
 * </ul>
 *
 * Layout and contract in {@code docs/spec/key-store.md}.
 */
public final class Pkcs11KeyStore implements KeyStoreBackend {
  /** The party's seeds and bundle, sealed by the token's key. */
  public static final String TOKEN_KEY_FILE = "private.key.p11";

  private static final int MAX_KEY_FILE = 16 * 1024;

  private final Path dir;
  private volatile PartyKeys keys;
  private List<PartyKeys> retired; // loaded on first use; guarded by this
  private final Pkcs11Token token;

  private Pkcs11KeyStore(Path dir, PartyKeys keys, Pkcs11Token token) {
    this.dir = dir;
    this.keys = keys;
    this.token = token;
  }

  private static String wrappingAlias(PartyKeys keys) {
    return "rogatory-kek " + keys.party().value();
  }

  private String tlsAlias() {
    return "rogatory-tls " + keys.party().value();
  }

  /**
   * Creates a store in {@code dir} for freshly generated {@code keys}: a new AES-256 key on the
   * token seals them.
   *
   * @throws FileAlreadyExistsException if {@code dir} already holds a key file or a bundle
   * @throws IOException if the token refuses to generate or keep the key
   */
  public static Pkcs11KeyStore create(Path dir, PartyKeys keys, Pkcs11Token token)
      throws IOException {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(token, "token");
    Files.createDirectories(dir);
    Path file = dir.resolve(TOKEN_KEY_FILE);
    Path bundle = dir.resolve(DirectoryKeyStore.BUNDLE_FILE);
    for (Path p : new Path[] {file, bundle, dir.resolve(DirectoryKeyStore.PRIVATE_KEY_FILE)}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    String alias = wrappingAlias(keys);
    try {
      KeyStore ks = token.keyStore();
      if (ks.containsAlias(alias)) {
        throw new FileAlreadyExistsException(
            "the token already holds a key named '" + alias + "'; use another token or slot");
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", token.provider());
      generator.init(256);
      ks.setEntry(alias, new KeyStore.SecretKeyEntry(generator.generateKey()), null);
      SecretKey onToken = (SecretKey) ks.getKey(alias, null);
      StoreFiles.write(
          file, TokenKeyFile.encrypt(keys, alias, onToken, token.provider()), true, false);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("the token could not create the key that seals the key file", e);
    }
    StoreFiles.write(bundle, keys.bundle().encode(), false, false);
    return new Pkcs11KeyStore(dir, keys, token);
  }

  /**
   * Opens the store in {@code dir}: the token decrypts the key file.
   *
   * @throws CryptoException {@code MALFORMED} if the file is not a token key file, {@code
   *     WRONG_PASSPHRASE_OR_DAMAGED} if this token's key does not open it
   * @throws IOException if the file is missing, or the token does not hold the key it names
   */
  public static Pkcs11KeyStore open(Path dir, Pkcs11Token token)
      throws IOException, CryptoException {
    Objects.requireNonNull(token, "token");
    byte[] file = DirectoryKeyStore.readLimited(dir.resolve(TOKEN_KEY_FILE), MAX_KEY_FILE);
    String alias = TokenKeyFile.label(file);
    Key key;
    try {
      key = token.keyStore().getKey(alias, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("the token could not find the key '" + alias + "'", e);
    }
    if (!(key instanceof SecretKey secret)) {
      throw new IOException(
          "this token holds no key named '"
              + alias
              + "': it is not the token this store was made"
              + " with");
    }
    return new Pkcs11KeyStore(dir, TokenKeyFile.decrypt(file, secret, token.provider()), token);
  }

  /** The directory of this store. */
  public Path directory() {
    return dir;
  }

  @Override
  public PartyKeys partyKeys() {
    return keys;
  }

  /** {@inheritDoc} On the token: sensitive, not extractable. */
  @Override
  public KeyPair newTlsKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", token.provider());
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the token could not generate a P-256 key pair", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The key must be one of this token's (from {@link #newTlsKeyPair}); it is kept on the token
   * with its chain, replacing earlier credentials. The chain is also written to {@value
   * DirectoryKeyStore#TLS_CHAIN_FILE} for people to read.
   */
  @Override
  public synchronized void storeTlsCredentials(TlsCredentials credentials) throws IOException {
    Objects.requireNonNull(credentials, "credentials");
    if (!credentials.party().equals(keys.party())) {
      throw new IllegalArgumentException(
          "the certificate is for " + credentials.party() + ", this store for " + keys.party());
    }
    try {
      token
          .keyStore()
          .setKeyEntry(
              tlsAlias(),
              credentials.privateKey(),
              null,
              credentials.chain().toArray(new Certificate[0]));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("the token could not keep the TLS credentials", e);
    }
    StoreFiles.write(
        dir.resolve(DirectoryKeyStore.TLS_CHAIN_FILE),
        DirectoryKeyStore.pem(credentials.chain()).getBytes(StandardCharsets.US_ASCII),
        false,
        true);
  }

  @Override
  public synchronized Optional<TlsCredentials> tlsCredentials() throws IOException {
    try {
      KeyStore ks = token.keyStore();
      if (!ks.containsAlias(tlsAlias())) {
        return Optional.empty();
      }
      Key key = ks.getKey(tlsAlias(), null);
      Certificate[] chain = ks.getCertificateChain(tlsAlias());
      if (!(key instanceof PrivateKey pk) || chain == null || chain.length == 0) {
        throw new IOException("the token's TLS entry is incomplete; enrol again");
      }
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : chain) {
        certs.add((X509Certificate) c);
      }
      return Optional.of(TlsCredentials.of(pk, certs));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("the TLS credentials on the token cannot be read; enrol again", e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The current token key file is copied to {@value DirectoryKeyStore#RETIRED_DIR}/FINGERPRINT
   * {@code .key.p11}; the new keys are sealed by the same token key.
   */
  @Override
  public synchronized void rotate(PartyKeys next) throws IOException {
    Objects.requireNonNull(next, "next");
    PartyKeys current = keys;
    if (!next.party().equals(current.party())
        || next.bundle().fingerprint().equals(current.bundle().fingerprint())) {
      throw new IllegalArgumentException("the new keys must be other keys of " + current.party());
    }
    Path file = dir.resolve(TOKEN_KEY_FILE);
    byte[] sealed = DirectoryKeyStore.readLimited(file, MAX_KEY_FILE);
    Path retiredDir = dir.resolve(DirectoryKeyStore.RETIRED_DIR);
    Files.createDirectories(retiredDir);
    StoreFiles.write(
        retiredDir.resolve(current.bundle().fingerprint().toHex() + ".key.p11"),
        sealed,
        true,
        true);
    try {
      String alias = TokenKeyFile.label(sealed);
      SecretKey key = (SecretKey) token.keyStore().getKey(alias, null);
      StoreFiles.write(file, TokenKeyFile.encrypt(next, alias, key, token.provider()), true, true);
    } catch (CryptoException | GeneralSecurityException | RuntimeException e) {
      throw new IOException("the token could not seal the new keys", e);
    }
    StoreFiles.write(
        dir.resolve(DirectoryKeyStore.BUNDLE_FILE), next.bundle().encode(), false, true);
    if (retired != null) {
      retired.add(0, current);
    }
    keys = next;
  }

  @Override
  public synchronized List<PartyKeys> retiredKeys() throws IOException {
    if (retired == null) {
      retired =
          StoreFiles.readRetired(
              dir.resolve(DirectoryKeyStore.RETIRED_DIR),
              ".key.p11",
              MAX_KEY_FILE,
              file -> {
                SecretKey key = (SecretKey) token.keyStore().getKey(TokenKeyFile.label(file), null);
                return TokenKeyFile.decrypt(file, key, token.provider());
              });
    }
    return List.copyOf(retired);
  }

  /** Nothing to forget here: the token holds the secrets; close the {@link Pkcs11Token} too. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "Pkcs11KeyStore[" + dir + ", " + token + ", " + keys.bundle() + "]";
  }
}
