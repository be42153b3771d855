package org.rogatory.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;

/** Writes one key entry with its chain as a PKCS#12 file (the JDK's implementation). */
public final class Pkcs12 {
  private Pkcs12() {}

  /** A PKCS#12 file holding {@code key} and {@code chain} under {@code alias}. */
  public static byte[] write(String alias, PrivateKey key, Certificate[] chain, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, key, password, chain);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return out.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not write a PKCS#12 file", e);
    }
  }

  /** A PKCS#12 trust store holding {@code certificates} as trusted entries. */
  public static byte[] trustStore(Certificate[] certificates, char[] password) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      for (int i = 0; i < certificates.length; i++) {
        ks.setCertificateEntry("trusted-" + i, certificates[i]);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, password);
      return out.toByteArray();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not write a PKCS#12 trust store", e);
    }
  }
}
