package org.rogatory.hub.infra.web;

/**
 * Answers whether a party may use the hub right now: its certificate not revoked, the party not
 * suspended. Implemented by the party directory.
 */
public interface CertificateStatus {
  enum Verdict {
    OK,
    REVOKED,
    SUSPENDED,
    UNKNOWN
  }

  Verdict check(String party, String certificateSerial);
}
