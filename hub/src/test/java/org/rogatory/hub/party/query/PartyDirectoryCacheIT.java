package org.rogatory.hub.party.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.mongo.TestStore;
import org.rogatory.hub.infra.web.CertificateStatus.Verdict;
import org.rogatory.hub.party.api.PartyEvents.CertificateIssuedEvent;
import org.rogatory.hub.party.api.PartyEvents.CertificateRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.KeyBundleRegisteredEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyEnrolledEvent;
import org.rogatory.hub.party.api.PartyEvents.PartySuspendedEvent;
import org.rogatory.hub.party.api.PartyKind;

/**
 * The directory serves parties from memory only while they are current: each case lets the
 * projection handle some of the party's events, reads (which fills the cache), then handles the
 * rest, and expects the next read to show them. The party's events are appended to a real event
 * log, in commits shaped as the hub makes them, because the cache consults the log.
 */
class PartyDirectoryCacheIT {
  private static final String PARTY = "state.cache-test";
  private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

  @TempDir Path dir;
  TestStore store;
  EventLog log;
  PartyDirectoryProjection directory;
  long partySeq;

  @BeforeEach
  void open() throws Exception {
    store = TestStore.open(dir);
    log = new EventLog(store.database());
    directory = new PartyDirectoryProjection(store.database(), log);
  }

  @AfterEach
  void close() {
    log.close();
    store.close();
  }

  /** Appends one commit of {@code count} party events; returns their global positions. */
  private List<Long> commit(int count) {
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          StoredEvent.unsequenced(
              UUID.randomUUID().toString(),
              "Party",
              PARTY,
              partySeq++,
              AT.toString(),
              "test.PartyEvent",
              "1",
              "{}".getBytes(StandardCharsets.UTF_8),
              "{}".getBytes(StandardCharsets.UTF_8)));
    }
    List<Long> positions = new ArrayList<>();
    for (StoredEvent e : log.append(events)) {
      positions.add(e.globalSequence());
    }
    return positions;
  }

  private static TrackingToken at(long position) {
    return new GlobalSequenceTrackingToken(position);
  }

  private void enrolWithCertificate(String serial) {
    long enrolled = commit(1).get(0);
    directory.on(
        new PartyEnrolledEvent(PARTY, PartyKind.CENTRAL_AUTHORITY, "Test", "d", AT, "admin", AT),
        at(enrolled),
        0);
    long issued = commit(1).get(0);
    directory.on(new CertificateIssuedEvent(PARTY, serial, AT), at(issued), 1);
  }

  @Test
  void aSecondEventOfTheSameCommit_isSeen_evenIfTheDirectoryWasReadBetweenTheTwo() {
    long enrolled = commit(1).get(0);
    directory.on(
        new PartyEnrolledEvent(PARTY, PartyKind.CENTRAL_AUTHORITY, "Test", "d", AT, "admin", AT),
        at(enrolled),
        0);
    // Enrolment: the certificate and the first key bundle in one commit.
    List<Long> enrolment = commit(2);
    directory.on(new CertificateIssuedEvent(PARTY, "serial-1", AT), at(enrolment.get(0)), 1);

    assertThat(directory.check(PARTY, "serial-1")).isEqualTo(Verdict.OK);
    assertThat(directory.find(PARTY).keys()).isEmpty();

    directory.on(
        new KeyBundleRegisteredEvent(PARTY, "bundle", "fp-1", "device", 1, AT),
        at(enrolment.get(1)),
        2);

    assertThat(directory.find(PARTY).keys()).extracting(k -> k.keyFingerprint()).contains("fp-1");
  }

  @Test
  void aRevokedCertificate_isRefused_onceTheDirectoryHasTheRevocation() {
    enrolWithCertificate("serial-2");
    assertThat(directory.check(PARTY, "serial-2")).isEqualTo(Verdict.OK);
    assertThat(directory.check(PARTY, "serial-2")).isEqualTo(Verdict.OK);

    long revoked = commit(1).get(0);
    directory.on(
        new CertificateRevokedEvent(PARTY, "serial-2", "lost", "admin", AT), at(revoked), 2);

    assertThat(directory.check(PARTY, "serial-2")).isEqualTo(Verdict.REVOKED);
  }

  @Test
  void aSuspension_isSeen_onceTheDirectoryHasIt() {
    enrolWithCertificate("serial-3");
    assertThat(directory.check(PARTY, "serial-3")).isEqualTo(Verdict.OK);

    long suspended = commit(1).get(0);
    directory.on(new PartySuspendedEvent(PARTY, "why", "admin", AT), at(suspended), 2);

    assertThat(directory.check(PARTY, "serial-3")).isEqualTo(Verdict.SUSPENDED);
  }

  @Test
  void aCertificateIssuedAfterAnUnknownOneWasAskedFor_isKnown() {
    enrolWithCertificate("serial-4");
    assertThat(directory.check(PARTY, "serial-5")).isEqualTo(Verdict.UNKNOWN);

    long issued = commit(1).get(0);
    directory.on(new CertificateIssuedEvent(PARTY, "serial-5", AT), at(issued), 2);

    assertThat(directory.check(PARTY, "serial-5")).isEqualTo(Verdict.OK);
  }
}
