package org.rogatory.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.InMemoryTree;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TreeHash;

/**
 * Evidence made the way the hub makes it, without a hub: a log key, a tree of event leaves, a
 * signed checkpoint, and statements signed by the log and a receipt signed by the recipient.
 */
public final class EvidenceFixtures {
  public static final String ORIGIN = "hub.example/log";
  public static final LogSigningKey LOG = LogSigningKey.generate(ORIGIN);
  public static final PartyKeys COURT =
      PartyKeys.generator(PartyId.of("court.registry")).generate();
  public static final PartyKeys STATE = PartyKeys.generator(PartyId.of("state.nl")).generate();
  public static final String REQUEST = "ICC-2026-0042";
  public static final UUID MESSAGE = UUID.fromString("0f8c1d7e-2b3a-4c5d-8e9f-001122334455");
  public static final byte[] ENVELOPE = sha("the envelope");
  public static final long SIZE = 123_456;
  public static final Instant AT = Instant.parse("2026-11-23T09:00:00.5Z");

  private EvidenceFixtures() {}

  public static byte[] sha(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The chain hash of event {@code n} in the fixture's history. */
  public static byte[] chain(long n) {
    return sha("chain " + n);
  }

  /** A second message of the request, submitted after {@link #MESSAGE}. */
  public static final UUID SECOND = UUID.fromString("7a6b5c4d-3e2f-4a1b-9c8d-aabbccddeeff");

  public static EvidenceStatement submission() {
    return submission(MESSAGE, 3);
  }

  /** The Court's message {@code message} to the State and itself, accepted at log index n. */
  public static EvidenceStatement submission(UUID message, long index) {
    return EvidenceStatement.submissionAcceptance(
        ORIGIN,
        REQUEST,
        message,
        COURT.party(),
        COURT.bundle().fingerprint(),
        List.of(STATE.party(), COURT.party()),
        ENVELOPE,
        SIZE,
        AT,
        index,
        chain(index));
  }

  public static EvidenceStatement delivery(PartyId to, long index) {
    return delivery(MESSAGE, to, index);
  }

  public static EvidenceStatement delivery(UUID message, PartyId to, long index) {
    return EvidenceStatement.delivery(
        ORIGIN, REQUEST, message, to, ENVELOPE, SIZE, AT.plusSeconds(5), index, chain(index));
  }

  public static SignedStatement receipt(PartyKeys by, UUID message) {
    return SignedStatement.signByParty(
        by,
        EvidenceStatement.retrievalReceipt(
            REQUEST,
            message,
            by.party(),
            by.bundle().fingerprint(),
            ENVELOPE,
            SIZE,
            Instant.now()));
  }

  public static EvidenceStatement retrieval(SignedStatement receipt, long index) {
    return EvidenceStatement.retrieval(
        ORIGIN,
        REQUEST,
        MESSAGE,
        receipt.statement().actor(),
        receipt.statement().actorKey(),
        ENVELOPE,
        SIZE,
        AT.plusSeconds(9),
        index,
        chain(index),
        receipt.digest());
  }

  /** The deadline of the fixture's message, seven days after its submission. */
  public static final Instant DUE = AT.plus(java.time.Duration.ofDays(7));

  /** {@code to} missed the deadline: a non-retrieval if {@code delivered}, else a non-delivery. */
  public static EvidenceStatement missed(PartyId to, boolean delivered, long index) {
    return EvidenceStatement.missedDeadline(
        delivered, ORIGIN, REQUEST, MESSAGE, to, ENVELOPE, SIZE, DUE, index, chain(index));
  }

  /** A valid bundle: submission at 3, delivery to the State at 6, its retrieval at 8; size 10. */
  public static EvidenceBundle bundle() {
    SignedStatement receipt = receipt(STATE, MESSAGE);
    return bundle(
        List.of(submission(), delivery(STATE.party(), 6), retrieval(receipt, 8)),
        Map.of(2, receipt),
        List.of(COURT.bundle(), STATE.bundle()));
  }

  /**
   * A bundle of {@code statements} signed by {@link #LOG}, each included under one checkpoint of a
   * log whose leaf {@code n} commits to {@link #chain}{@code (n)}; {@code receipts} by position.
   */
  public static EvidenceBundle bundle(
      List<EvidenceStatement> statements,
      Map<Integer, SignedStatement> receipts,
      List<KeyBundle> keyBundles) {
    return bundle(MESSAGE, statements, receipts, keyBundles);
  }

  /**
   * The evidence of the request's two messages: {@link #bundle()} of {@link #MESSAGE}, then that of
   * {@link #SECOND}, accepted at 7 and delivered to the State at 9.
   */
  public static RequestEvidenceBundle requestBundle() {
    return RequestEvidenceBundle.of(REQUEST, List.of(bundle(), second()));
  }

  /** The evidence of {@link #SECOND}: accepted at log index 7, delivered to the State at 9. */
  public static EvidenceBundle second() {
    return bundle(
        SECOND,
        List.of(submission(SECOND, 7), delivery(SECOND, STATE.party(), 9)),
        Map.of(),
        List.of(COURT.bundle()));
  }

  /** As {@link #bundle(List, Map, List)}, of message {@code message}. */
  public static EvidenceBundle bundle(
      UUID message,
      List<EvidenceStatement> statements,
      Map<Integer, SignedStatement> receipts,
      List<KeyBundle> keyBundles) {
    InMemoryTree tree = new InMemoryTree();
    for (long n = 0; n < 10; n++) {
      tree.append(EventLeaf.hash(n, chain(n)));
    }
    Checkpoint c = Checkpoint.of(ORIGIN, tree.size(), tree.root());
    List<EvidenceBundle.Item> items = new ArrayList<>();
    Base64.Encoder b64 = Base64.getEncoder();
    for (int i = 0; i < statements.size(); i++) {
      EvidenceStatement s = statements.get(i);
      List<String> path =
          tree.prover().inclusion(s.logIndex(), tree.size()).path().stream()
              .map(TreeHash::toBase64)
              .toList();
      SignedStatement receipt = receipts.get(i);
      items.add(
          new EvidenceBundle.Item(
              b64.encodeToString(LOG.sign(s).encode()),
              path,
              receipt == null ? null : b64.encodeToString(receipt.encode())));
    }
    return EvidenceBundle.of(
        REQUEST, message.toString(), LOG.verifierKeys(), LOG.sign(c).encode(), items, keyBundles);
  }
}
