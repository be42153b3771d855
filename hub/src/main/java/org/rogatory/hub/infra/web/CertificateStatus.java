package org.rogatory.hub.infra.web;

import org.rogatory.hub.party.api.PartyQueries.PartyView;

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

  /**
   * A verdict with the directory entry it was decided on (null when the party is unknown): what the
   * directory said about the party at the moment of the check, so that the call's handler need not
   * ask again.
   */
  record Checked(Verdict verdict, PartyView party) {}

  Checked inspect(String party, String certificateSerial);

  default Verdict check(String party, String certificateSerial) {
    return inspect(party, certificateSerial).verdict();
  }
}
