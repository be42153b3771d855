package org.rogatory.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.EvidenceStatement.Type;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.InclusionProof;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TreeHash;

/**
 * The self-contained evidence of one message (docs/spec/evidence.md section 6): the hub's signed
 * statements with the inclusion paths of their events, the signed checkpoint those paths lead to,
 * the log's verifier keys, the recipients' signed retrieval receipts and the key bundles of the
 * parties that signed. A third party verifies it with {@link #verify} alone, offline, without the
 * hub and without trusting whoever handed it over — except for the log keys, which it should
 * compare with the ones the hub's operator published (pass them as {@code pinnedLogKeys}).
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #verify} accepts a bundle only if the checkpoint carries valid Ed25519 and ML-DSA-65
 * signatures of the log, every statement carries both halves of the log's signature and its event's
 * leaf is included in that checkpoint's tree (RFC 9162), every statement is about the same request,
 * message and envelope, deliveries, retrievals and missed deadlines name recipients of the message,
 * no missed deadline (non-retrieval, non-delivery) is contradicted by an earlier statement of the
 * log or names the sender, and every retrieval's receipt is the one it names by digest and verifies
 * against its signer's key bundle.
 *
 * <h2>Warning</h2>
 *
 * Without {@code pinnedLogKeys} the bundle's own log keys are used: anyone can then make a bundle
 * that verifies under keys of their own. Always pin the log's keys when the evidence matters.
 */
public final class EvidenceBundle {
  /** The value of the {@code format} member. */
  public static final String FORMAT = "rogatory-evidence/1";

  private static final int MAX_STATEMENTS = 1024;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** One statement of the hub with the inclusion path of its event, and a receipt it names. */
  record Item(String statement, List<String> inclusionPath, String receipt) {}

  /** The JSON form, member for member. */
  record Json(
      String format,
      String requestId,
      String messageId,
      List<String> logKeys,
      String checkpoint,
      List<Item> statements,
      List<String> keyBundles) {}

  private final Json json;

  private EvidenceBundle(Json json) {
    this.json = json;
  }

  static EvidenceBundle of(
      String requestId,
      String messageId,
      List<NoteVerifierKey> logKeys,
      String checkpoint,
      List<Item> statements,
      List<KeyBundle> keyBundles) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new EvidenceBundle(
        new Json(
            FORMAT,
            requestId,
            messageId,
            logKeys.stream().map(NoteVerifierKey::encode).toList(),
            checkpoint,
            List.copyOf(statements),
            keyBundles.stream().map(b -> b64.encodeToString(b.encode())).toList()));
  }

  /**
   * Reads a bundle written by {@link #encode()}. Only the form is checked: call {@link #verify}.
   *
   * @throws EvidenceException if it is not a Rogatory evidence bundle
   */
  public static EvidenceBundle decode(byte[] encoded) throws EvidenceException {
    Json j;
    try {
      j = JSON.readValue(encoded, Json.class);
    } catch (IOException e) {
      throw new EvidenceException("the file is not a Rogatory evidence bundle (malformed JSON)");
    }
    return checked(j);
  }

  /** A bundle of the JSON form {@code j} once every member is there; only the form is checked. */
  static EvidenceBundle checked(Json j) throws EvidenceException {
    if (j == null
        || !FORMAT.equals(j.format())
        || j.requestId() == null
        || j.messageId() == null
        || j.logKeys() == null
        || j.checkpoint() == null
        || j.statements() == null
        || j.keyBundles() == null) {
      throw new EvidenceException(
          "the file is not a "
              + FORMAT
              + " evidence bundle (a member is missing or of another format)");
    }
    return new EvidenceBundle(j);
  }

  /** The JSON form, for a request's bundle that holds this one. */
  Json json() {
    return json;
  }

  /** The bundle as UTF-8 JSON. */
  public byte[] encode() {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode an evidence bundle", e);
    }
  }

  /** The request the evidence is about, as the bundle states it (verified by {@link #verify}). */
  public String requestId() {
    return json.requestId();
  }

  /** The message the evidence is about, as the bundle states it (verified by {@link #verify}). */
  public String messageId() {
    return json.messageId();
  }

  /**
   * Checks everything (see the class description).
   *
   * @param pinnedLogKeys the log's verifier keys as its operator published them; if not empty, the
   *     bundle's log keys must be exactly these
   * @throws EvidenceException with one sentence naming the first check that failed
   */
  public VerifiedEvidence verify(List<NoteVerifierKey> pinnedLogKeys) throws EvidenceException {
    Objects.requireNonNull(pinnedLogKeys, "pinnedLogKeys");
    List<NoteVerifierKey> logKeys = new ArrayList<>();
    for (String k : json.logKeys()) {
      try {
        logKeys.add(NoteVerifierKey.parse(k));
      } catch (CryptoException e) {
        throw new EvidenceException("a log key of the bundle does not parse: " + e.getMessage());
      }
    }
    if (logKeys.isEmpty()) {
      throw new EvidenceException("the bundle names no log key");
    }
    if (!pinnedLogKeys.isEmpty() && !new HashSet<>(logKeys).equals(new HashSet<>(pinnedLogKeys))) {
      throw new EvidenceException("the bundle's log keys are not the pinned keys of the log");
    }
    String origin = logKeys.get(0).name();
    Checkpoint checkpoint;
    try {
      checkpoint = CheckpointVerifier.forLog(origin, logKeys).verify(json.checkpoint());
    } catch (CryptoException | IllegalArgumentException e) {
      throw new EvidenceException(
          "the checkpoint does not verify against the log keys: " + e.getMessage());
    }
    List<KeyBundle> bundles = new ArrayList<>();
    for (String b : json.keyBundles()) {
      try {
        bundles.add(KeyBundle.decode(base64(b, "a key bundle")));
      } catch (CryptoException e) {
        throw new EvidenceException("a party's key bundle is not valid: " + e.getMessage());
      }
    }
    if (json.statements().isEmpty() || json.statements().size() > MAX_STATEMENTS) {
      throw new EvidenceException("the bundle holds no statement, or too many");
    }
    List<EvidenceStatement> statements = new ArrayList<>();
    List<EvidenceStatement> receipts = new ArrayList<>();
    for (Item item : json.statements()) {
      EvidenceStatement s = statement(item, logKeys, checkpoint, statements.size());
      check(s, statements.isEmpty() ? s : statements.get(0), statements.size());
      if (s.type() == Type.RETRIEVAL) {
        receipts.add(receipt(item, s, statements.get(0), bundles));
      } else if (item.receipt() != null) {
        throw new EvidenceException(
            "the "
                + s.type()
                + " at log index "
                + s.logIndex()
                + " carries a receipt it does not name");
      }
      statements.add(s);
    }
    EvidenceStatement submission = statements.get(0);
    checkMissedDeadlines(statements);
    if (bundles.stream()
        .noneMatch(
            b ->
                b.fingerprint().equals(submission.actorKey())
                    && b.party().equals(submission.actor()))) {
      throw new EvidenceException(
          "the bundle lacks the key bundle the sender " + submission.actor() + " signed with");
    }
    return new VerifiedEvidence(this, logKeys, checkpoint, statements, receipts);
  }

  private static EvidenceStatement statement(
      Item item, List<NoteVerifierKey> logKeys, Checkpoint checkpoint, int position)
      throws EvidenceException {
    if (item == null || item.statement() == null || item.inclusionPath() == null) {
      throw new EvidenceException("statement " + (position + 1) + " of the bundle is incomplete");
    }
    SignedStatement signed;
    try {
      signed = SignedStatement.decode(base64(item.statement(), "a statement"));
    } catch (CryptoException e) {
      throw new EvidenceException(
          "statement " + (position + 1) + " is malformed: " + e.getMessage());
    }
    EvidenceStatement s = signed.statement();
    String where = "the " + s.type() + " at log index " + s.logIndex();
    try {
      signed.verifyByLog(logKeys);
    } catch (CryptoException e) {
      throw new EvidenceException(where + " is not validly signed by the log: " + e.getMessage());
    }
    List<TreeHash> path = new ArrayList<>();
    for (String h : item.inclusionPath()) {
      byte[] hash = base64(h, "an inclusion path hash");
      if (hash.length != TreeHash.LENGTH) {
        throw new EvidenceException(where + " has an inclusion path hash that is not 32 bytes");
      }
      path.add(TreeHash.of(hash));
    }
    try {
      InclusionProof.of(s.logIndex(), checkpoint.size(), path)
          .verify(s.leafHash(), checkpoint.root());
    } catch (CryptoException | IllegalArgumentException e) {
      throw new EvidenceException(
          where + " is not included in the checkpoint of size " + checkpoint.size());
    }
    return s;
  }

  /** The statement agrees with the message's submission acceptance (the first statement). */
  private void check(EvidenceStatement s, EvidenceStatement submission, int position)
      throws EvidenceException {
    String where = "the " + s.type() + " at log index " + s.logIndex();
    if ((position == 0) != (s.type() == Type.SUBMISSION_ACCEPTANCE)) {
      throw new EvidenceException(
          "the bundle must start with the one SUBMISSION_ACCEPTANCE; "
              + where
              + " is out of place");
    }
    if (!s.requestId().equals(json.requestId())
        || !s.messageId().toString().equals(json.messageId())) {
      throw new EvidenceException(where + " is about another request or message than the bundle");
    }
    if (!Arrays.equals(s.envelopeDigest(), submission.envelopeDigest())
        || s.envelopeSize() != submission.envelopeSize()) {
      throw new EvidenceException(where + " names another envelope than the submission");
    }
    if (position > 0 && !submission.recipients().contains(s.actor())) {
      throw new EvidenceException(
          where + " names " + s.actor() + ", not a recipient of the message");
    }
  }

  /**
   * A missed retrieval deadline (non-retrieval, non-delivery) must lie after the submission, not
   * name the sender and be the only one of its recipient, and no statement of the log may
   * contradict it: no retrieval of that recipient before it in the log, and for a non-delivery no
   * delivery before it either (evidence.md section 5, step 4).
   */
  private static void checkMissedDeadlines(List<EvidenceStatement> statements)
      throws EvidenceException {
    EvidenceStatement submission = statements.get(0);
    for (EvidenceStatement missed : statements) {
      if (!missed.type().isMissedDeadline()) {
        continue;
      }
      String where = "the " + missed.type() + " at log index " + missed.logIndex();
      if (!missed.time().isAfter(submission.time())) {
        throw new EvidenceException(where + " names a deadline not after the submission");
      }
      if (missed.actor().equals(submission.actor())) {
        throw new EvidenceException(where + " names the sender, who has no deadline");
      }
      for (EvidenceStatement other : statements) {
        if (other == missed || !other.actor().equals(missed.actor())) {
          continue;
        }
        boolean earlier = other.logIndex() < missed.logIndex();
        boolean contradicts =
            other.type().isMissedDeadline()
                || (earlier && other.type() == Type.RETRIEVAL)
                || (earlier && other.type() == Type.DELIVERY && missed.type() == Type.NON_DELIVERY);
        if (contradicts) {
          throw new EvidenceException(
              where
                  + " contradicts the "
                  + other.type()
                  + " of "
                  + missed.actor()
                  + " at log index "
                  + other.logIndex());
        }
      }
    }
  }

  private static EvidenceStatement receipt(
      Item item, EvidenceStatement retrieval, EvidenceStatement submission, List<KeyBundle> bundles)
      throws EvidenceException {
    String where = "the RETRIEVAL at log index " + retrieval.logIndex();
    if (item.receipt() == null) {
      throw new EvidenceException(where + " comes without the receipt it names");
    }
    byte[] bytes = base64(item.receipt(), "a receipt");
    if (!MessageDigest.isEqual(Messages.sha256().digest(bytes), retrieval.receiptDigest())) {
      throw new EvidenceException(where + " names another receipt than the one in the bundle");
    }
    SignedStatement receipt;
    try {
      receipt = SignedStatement.decode(bytes);
    } catch (CryptoException e) {
      throw new EvidenceException(where + " carries a malformed receipt: " + e.getMessage());
    }
    EvidenceStatement r = receipt.statement();
    if (r.type() != Type.RETRIEVAL_RECEIPT
        || !r.requestId().equals(submission.requestId())
        || !r.messageId().equals(submission.messageId())
        || !r.actor().equals(retrieval.actor())
        || !Objects.equals(r.actorKey(), retrieval.actorKey())
        || !Arrays.equals(r.envelopeDigest(), submission.envelopeDigest())
        || r.envelopeSize() != submission.envelopeSize()) {
      throw new EvidenceException(where + " carries a receipt for something else");
    }
    Fingerprint signer = r.actorKey();
    KeyBundle bundle =
        bundles.stream().filter(b -> b.fingerprint().equals(signer)).findFirst().orElse(null);
    if (bundle == null) {
      throw new EvidenceException(
          where + ": the bundle lacks the key bundle of " + r.actor() + " that signed the receipt");
    }
    try {
      receipt.verifyByParty(bundle);
    } catch (CryptoException e) {
      throw new EvidenceException(
          where + ": the receipt of " + r.actor() + " does not verify: " + e.getMessage());
    }
    return r;
  }

  private static byte[] base64(String text, String what) throws EvidenceException {
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
        throw new IllegalArgumentException("not canonical");
      }
      return bytes;
    } catch (IllegalArgumentException e) {
      throw new EvidenceException(what + " in the bundle is not canonical base64");
    }
  }
}
