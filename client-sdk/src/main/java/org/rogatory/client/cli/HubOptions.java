package org.rogatory.client.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Properties;
import org.rogatory.client.HubClient;
import org.rogatory.client.keystore.KeyStoreBackend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How the hub commands find the hub and the party's keys: {@code --key DIR} (or {@value
 * #KEY_DIR_ENV}), and {@code --hub} / {@code --ca}, which default to what {@code rogatory enrol}
 * saved in {@code DIR/}{@value #SETTINGS_FILE}.
 */
final class HubOptions {
  static final String KEY_DIR_ENV = "ROGATORY_KEY_DIR";
  static final String SETTINGS_FILE = "hub.properties";
  static final String CA_FILE = "hub-ca.pem";
  private static final int MAX_FILE = 64 * 1024;

  @Option(
      names = "--key",
      paramLabel = "DIR",
      description = "Your key store directory. Default: the ROGATORY_KEY_DIR environment variable.")
  Path keyDir;

  @Option(
      names = "--hub",
      paramLabel = "URL",
      description =
          "The hub, https://host:port. Default: as 'enrol' saved it in DIR/hub.properties.")
  String hub;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "The hub's CA certificate (PEM), obtained from the Registry out of band."
              + " Default: as 'enrol' saved it in DIR.")
  Path ca;

  @Mixin PassphraseOptions passphrase;

  /** The unlocked key store and a client authenticated with its certificate; close both. */
  record Connection(KeyStoreBackend store, HubClient client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      store.close();
    }
  }

  Path keyDir(CliContext context) {
    if (keyDir != null) {
      return keyDir;
    }
    String env = context.environment().get(KEY_DIR_ENV);
    if (env == null || env.isBlank()) {
      throw new CliFailure(
          ExitCodes.USAGE, "Name your key store with --key DIR or set " + KEY_DIR_ENV + ".");
    }
    return Path.of(env);
  }

  /** Connects as the enrolled party whose store is {@code --key}. */
  Connection connect(CliContext context) throws IOException {
    Path dir = keyDir(context);
    Properties saved = settings(dir);
    String url = hub != null ? hub : saved.getProperty("hub");
    Path caFile = ca != null ? ca : caFromSettings(dir, saved);
    if (url == null || caFile == null) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "Give the hub with --hub URL and --ca FILE, or run 'rogatory enrol' first (it saves"
              + " them in "
              + dir.resolve(SETTINGS_FILE)
              + ").");
    }
    X509Certificate anchor = readCertificate(caFile);
    KeyStoreBackend store = Stores.unlock(dir, passphrase, context);
    try {
      if (store.tlsCredentials().isEmpty()) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "The key store " + dir + " is not enrolled yet; run 'rogatory enrol' first.");
      }
      return new Connection(store, client(url, anchor, store, context));
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  static HubClient client(
      String url, X509Certificate anchor, KeyStoreBackend store, CliContext context)
      throws IOException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, "--hub: " + url + " is not a URL.");
    }
    try {
      return HubClient.builder()
          .hub(uri)
          .trustAnchor(anchor)
          .keyStore(store)
          .clock(context.clock())
          .build();
    } catch (IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, "--hub: " + FailureReporter.sentence(e.getMessage()));
    }
  }

  private static Properties settings(Path dir) throws IOException {
    Properties p = new Properties();
    Path file = dir.resolve(SETTINGS_FILE);
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  private static Path caFromSettings(Path dir, Properties saved) {
    String ca = saved.getProperty("ca");
    return ca == null ? null : dir.resolve(ca);
  }

  /**
   * Saves the hub's URL and a copy of its CA certificate in the key store directory, so that later
   * commands need only {@code --key}.
   */
  static void save(Path dir, String url, Path caFile) throws IOException {
    Path copy = dir.resolve(CA_FILE);
    if (!Files.exists(copy) || !Files.isSameFile(copy, caFile)) {
      Path temp = Files.createTempFile(dir, "." + CA_FILE, ".tmp");
      Files.copy(caFile, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    Properties p = new Properties();
    p.setProperty("hub", url);
    p.setProperty("ca", CA_FILE);
    Path temp = Files.createTempFile(dir, "." + SETTINGS_FILE, ".tmp");
    try (OutputStream out = Files.newOutputStream(temp)) {
      p.store(out, "Written by 'rogatory enrol'; --hub and --ca override it.");
    }
    Files.move(
        temp,
        dir.resolve(SETTINGS_FILE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  static X509Certificate readCertificate(Path file) throws IOException {
    byte[] pem;
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new CliFailure(
            ExitCodes.USAGE, "The CA file " + file + " is too large to be a certificate.");
      }
      pem = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.IO, "The CA certificate file " + file + " does not exist.");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(pem));
    } catch (CertificateException | ClassCastException e) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "The file "
              + file
              + " holds no X.509 certificate (expected the hub's CA in PEM, starting with"
              + " -----BEGIN CERTIFICATE-----).");
    }
  }
}
