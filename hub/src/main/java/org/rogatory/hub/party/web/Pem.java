package org.rogatory.hub.party.web;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

final class Pem {
  private Pem() {}

  static String of(X509Certificate... certs) {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certs) {
      try {
        b.append("-----BEGIN CERTIFICATE-----\n")
            .append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (CertificateEncodingException e) {
        throw new IllegalStateException(e);
      }
    }
    return b.toString();
  }
}
