package org.rogatory.hub.party.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.rogatory.hub.party.api.EnrolmentResult;
import org.rogatory.hub.party.api.PartyCommands.CompleteEnrolmentCommand;
import org.rogatory.hub.party.api.PartyCommands.EnrolPartyCommand;
import org.rogatory.hub.party.api.PartyCommands.IssueEnrolmentCodeCommand;
import org.rogatory.hub.party.api.PartyCommands.RegisterKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.RegisterWitnessKeyCommand;
import org.rogatory.hub.party.api.PartyCommands.ReinstatePartyCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeCertificateCommand;
import org.rogatory.hub.party.api.PartyCommands.RevokeKeyBundleCommand;
import org.rogatory.hub.party.api.PartyCommands.SuspendPartyCommand;
import org.rogatory.hub.party.api.PartyEvents.CertificateIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.CertificateRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentAttemptRejectedEvent;
import org.rogatory.hub.party.api.PartyEvents.EnrolmentCodeIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRegisteredEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyEnrolledEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyReinstatedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartySuspendedEvent;
import org.rogatory.hub.party.api.PartyEvents.WitnessKeyRegisteredEvent;
import org.rogatory.hub.party.api.PartyRejectedException;
import org.rogatory.hub.party.api.PartyRejectedException.Code;

/**
 * An enrolled organisation: its enrolment, certificates, key bundles (with history) and suspension.
 */
@Aggregate
public class Party {
  @AggregateIdentifier private String partyId;
  private String codeDigest;
  private Instant codeExpiresAt;
  private boolean codeUsed;
  private boolean enrolled;
  private boolean suspended;
  private final Set<String> certificates = new HashSet<>();
  private final Set<String> revokedCertificates = new HashSet<>();
  private final Map<String, Long> activeKeys = new HashMap<>();
  private final Map<String, Long> highestKeyVersion = new HashMap<>();
  private String witnessKey;

  protected Party() {}

  @CommandHandler
  public Party(EnrolPartyCommand c) {
    if (c.kind() == null
        || c.displayName() == null
        || c.displayName().isBlank()
        || c.enrolmentCodeDigest() == null
        || c.codeExpiresAt() == null
        || !c.codeExpiresAt().isAfter(c.at())) {
      throw new PartyRejectedException(
          Code.INVALID_PARTY,
          "a party needs a kind, a display name, and an enrolment code that expires in the future");
    }
    apply(
        new PartyEnrolledEvent(
            c.partyId(),
            c.kind(),
            c.displayName(),
            c.enrolmentCodeDigest(),
            c.codeExpiresAt(),
            c.by(),
            c.at()));
  }

  @CommandHandler
  public void handle(IssueEnrolmentCodeCommand c) {
    if (c.enrolmentCodeDigest() == null
        || c.codeExpiresAt() == null
        || !c.codeExpiresAt().isAfter(c.at())) {
      throw new PartyRejectedException(
          Code.INVALID_PARTY, "an enrolment code needs a digest and an expiry in the future");
    }
    apply(
        new EnrolmentCodeIssuedEvent(
            partyId, c.enrolmentCodeDigest(), c.codeExpiresAt(), c.by(), c.at()));
  }

  /**
   * Completes enrolment if the code matches, is unexpired and unused. A failed attempt is recorded
   * as an event (the history shows it) and the command then fails.
   */
  @CommandHandler
  public EnrolmentResult handle(CompleteEnrolmentCommand c) {
    String why = null;
    Code code = null;
    if (codeUsed) {
      why = "the enrolment code was already used; ask the Registry for a new one if needed";
      code = Code.ENROLMENT_CODE_USED;
    } else if (!c.at().isBefore(codeExpiresAt)) {
      why = "the enrolment code has expired; ask the Registry for a new one";
      code = Code.ENROLMENT_CODE_EXPIRED;
    } else if (c.presentedCodeDigest() == null
        || !MessageDigest.isEqual(
            codeDigest.getBytes(StandardCharsets.US_ASCII),
            c.presentedCodeDigest().getBytes(StandardCharsets.US_ASCII))) {
      why = "the enrolment code is not the one issued for this party";
      code = Code.ENROLMENT_CODE_INVALID;
    }
    if (why != null) {
      apply(new EnrolmentAttemptRejectedEvent(partyId, why, c.at()));
      return EnrolmentResult.refused(code, why);
    }
    apply(new CertificateIssuedEvent(partyId, c.certificateSerial(), c.at()));
    if (!activeKeys.containsKey(c.keyFingerprint())) {
      // Enrolling again with the keys already registered only renews the certificate.
      apply(
          new KeyBundleRegisteredEvent(
              partyId, c.keyBundle(), c.keyFingerprint(), "primary", c.keyVersion(), c.at()));
    }
    return EnrolmentResult.success();
  }

  @CommandHandler
  public void handle(RegisterKeyBundleCommand c) {
    requireActive();
    long highest = highestKeyVersion.getOrDefault(c.deviceId(), 0L);
    if (c.keyVersion() <= highest) {
      throw new PartyRejectedException(
          Code.KEY_VERSION_NOT_NEWER,
          "a new key bundle for device " + c.deviceId() + " must have a version above " + highest);
    }
    apply(
        new KeyBundleRegisteredEvent(
            partyId, c.keyBundle(), c.keyFingerprint(), c.deviceId(), c.keyVersion(), c.at()));
  }

  /** Registering the key already registered changes nothing (a retried call adds no event). */
  @CommandHandler
  public void handle(RegisterWitnessKeyCommand c) {
    requireActive();
    if (c.verifierKey() == null || c.verifierKey().isBlank()) {
      throw new PartyRejectedException(Code.INVALID_PARTY, "a witness key is required");
    }
    if (!c.verifierKey().equals(witnessKey)) {
      apply(new WitnessKeyRegisteredEvent(partyId, c.verifierKey(), c.at()));
    }
  }

  @CommandHandler
  public void handle(RevokeKeyBundleCommand c) {
    if (!activeKeys.containsKey(c.keyFingerprint())) {
      throw new PartyRejectedException(
          Code.UNKNOWN_KEY, "party " + partyId + " has no active key " + c.keyFingerprint());
    }
    // A party cannot leave itself without a key others can seal to (rotation registers the new
    // key first); administrators can, after a compromise.
    if (partyId.equals(c.by()) && activeKeys.size() == 1) {
      throw new PartyRejectedException(
          Code.LAST_ACTIVE_KEY,
          "key "
              + c.keyFingerprint()
              + " is the party's only active key; register its successor first");
    }
    apply(new KeyBundleRevokedEvent(partyId, c.keyFingerprint(), c.reason(), c.by(), c.at()));
  }

  @CommandHandler
  public void handle(RevokeCertificateCommand c) {
    if (!certificates.contains(c.certificateSerial())
        || revokedCertificates.contains(c.certificateSerial())) {
      throw new PartyRejectedException(
          Code.UNKNOWN_CERTIFICATE,
          "party " + partyId + " has no valid certificate " + c.certificateSerial());
    }
    apply(new CertificateRevokedEvent(partyId, c.certificateSerial(), c.reason(), c.by(), c.at()));
  }

  @CommandHandler
  public void handle(SuspendPartyCommand c) {
    if (suspended) {
      throw new PartyRejectedException(Code.PARTY_SUSPENDED, "the party is already suspended");
    }
    apply(new PartySuspendedEvent(partyId, c.reason(), c.by(), c.at()));
  }

  @CommandHandler
  public void handle(ReinstatePartyCommand c) {
    if (!suspended) {
      throw new PartyRejectedException(Code.PARTY_NOT_SUSPENDED, "the party is not suspended");
    }
    apply(new PartyReinstatedEvent(partyId, c.by(), c.at()));
  }

  private void requireActive() {
    if (!enrolled) {
      throw new PartyRejectedException(Code.NOT_ENROLLED, "the party has not completed enrolment");
    }
    if (suspended) {
      throw new PartyRejectedException(Code.PARTY_SUSPENDED, "the party is suspended");
    }
  }

  @EventSourcingHandler
  void on(PartyEnrolledEvent e) {
    partyId = e.partyId();
    codeDigest = e.enrolmentCodeDigest();
    codeExpiresAt = e.codeExpiresAt();
  }

  @EventSourcingHandler
  void on(EnrolmentCodeIssuedEvent e) {
    codeDigest = e.enrolmentCodeDigest();
    codeExpiresAt = e.codeExpiresAt();
    codeUsed = false;
  }

  @EventSourcingHandler
  void on(CertificateIssuedEvent e) {
    enrolled = true;
    codeUsed = true;
    certificates.add(e.certificateSerial());
  }

  @EventSourcingHandler
  void on(KeyBundleRegisteredEvent e) {
    activeKeys.put(e.keyFingerprint(), e.keyVersion());
    highestKeyVersion.merge(e.deviceId(), e.keyVersion(), Math::max);
  }

  @EventSourcingHandler
  void on(WitnessKeyRegisteredEvent e) {
    witnessKey = e.verifierKey();
  }

  @EventSourcingHandler
  void on(KeyBundleRevokedEvent e) {
    activeKeys.remove(e.keyFingerprint());
  }

  @EventSourcingHandler
  void on(CertificateRevokedEvent e) {
    revokedCertificates.add(e.certificateSerial());
  }

  @EventSourcingHandler
  void on(PartySuspendedEvent e) {
    suspended = true;
  }

  @EventSourcingHandler
  void on(PartyReinstatedEvent e) {
    suspended = false;
  }
}
