package org.rogatory.hub.party.web;

import java.time.Instant;
import org.rogatory.hub.party.api.PartyKind;

/** JSON bodies of the party API. */
final class PartyDtos {
  private PartyDtos() {}

  record CreatePartyBody(String partyId, PartyKind kind, String displayName) {}

  record PartyCreated(String partyId, String enrolmentCode, Instant expiresAt) {}

  record EnrolmentBody(
      String partyId, String enrolmentCode, String certificateRequest, String keyBundle) {}

  record Enrolled(
      String partyId, String certificate, String caCertificate, String keyFingerprint) {}

  record ReasonBody(String reason) {}

  record KeyBundleBody(String keyBundle) {}
}
