package org.rogatory.client;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.SignedStatement;

/**
 * The evidence of messages, from the hub of a {@link HubClient} (docs/spec/evidence.md): the hub's
 * signed statements that it accepted, delivered and logged the retrieval of a message, each proved
 * to be in the transparency log under a signed checkpoint.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #fetch} returns only evidence that passed every check of {@link EvidenceBundle#verify}
 * against the log keys the caller pinned, and {@link #fetchRequest} only evidence that passed every
 * check of {@link RequestEvidenceBundle#verify}; the key bundles it adds for the signing parties
 * come from the hub's directory and are checked against the fingerprints the signed statements
 * name.
 *
 * <h2>Warning</h2>
 *
 * Pin the log's keys from its operator (the hub writes them to {@code <data>/log/verifier-keys}),
 * not from the hub's own API: evidence is only as trustworthy as those keys.
 */
public final class Evidence {
  private final HubClient client;

  Evidence(HubClient client) {
    this.client = client;
  }

  /** The hub's answer to GET .../evidence. */
  record Answer(
      String requestId, String messageId, String checkpoint, List<Statement> statements) {}

  /** One statement of the answer. */
  record Statement(
      String type, long leafIndex, String statement, List<String> inclusionPath, String receipt) {}

  /**
   * Fetches the evidence of message {@code messageId} of request {@code requestId} (the caller must
   * be its sender or a recipient), adds the key bundles of the parties that signed, and verifies
   * the result.
   *
   * @param pinnedLogKeys the log's verifier keys, obtained out of band; not empty
   * @throws HubException e.g. {@code NOT_FOUND}, or {@code UNAVAILABLE} while no checkpoint covers
   *     the message yet (retried under the client's retry policy first)
   * @throws EvidenceException if what the hub returned does not verify
   */
  public VerifiedEvidence fetch(
      String requestId, String messageId, List<NoteVerifierKey> pinnedLogKeys)
      throws HubException, EvidenceException {
    if (pinnedLogKeys == null || pinnedLogKeys.isEmpty()) {
      throw new IllegalArgumentException("pin the log's verifier keys to verify its evidence");
    }
    HubTransport t = client.transport();
    Answer a =
        t.call(
            () ->
                t.request(
                        "/v1/requests/"
                            + HubClient.pathSegment(requestId)
                            + "/messages/"
                            + HubClient.pathSegment(messageId)
                            + "/evidence")
                    .header("Accept", "application/json")
                    .GET()
                    .build(),
            true,
            Answer.class);
    if (a == null || a.statements() == null || a.checkpoint() == null) {
      throw new EvidenceException("the hub's evidence answer is incomplete");
    }
    List<EvidenceBundle.Item> items = new ArrayList<>();
    Map<Fingerprint, PartyId> signers = new LinkedHashMap<>();
    for (Statement s : a.statements()) {
      items.add(new EvidenceBundle.Item(s.statement(), s.inclusionPath(), s.receipt()));
      signer(s.statement(), signers);
      signer(s.receipt(), signers);
    }
    List<KeyBundle> bundles = new ArrayList<>();
    Map<PartyId, DirectoryEntry> entries = new LinkedHashMap<>();
    for (Map.Entry<Fingerprint, PartyId> e : signers.entrySet()) {
      DirectoryEntry entry = entries.get(e.getValue());
      if (entry == null) {
        entry = client.directory(e.getValue());
        entries.put(e.getValue(), entry);
      }
      for (DirectoryEntry.DirectoryKey k : entry.keys()) {
        if (k.bundle().fingerprint().equals(e.getKey())) {
          bundles.add(k.bundle());
        }
      }
    }
    return EvidenceBundle.of(requestId, messageId, pinnedLogKeys, a.checkpoint(), items, bundles)
        .verify(pinnedLogKeys);
  }

  /**
   * Fetches and verifies, as {@link #fetch} does, the evidence of every message of request {@code
   * requestId} that this party sent or received, and puts them in one bundle in the order the hub
   * accepted the messages (docs/spec/evidence.md section 6.1).
   *
   * @param pinnedLogKeys the log's verifier keys, obtained out of band; not empty
   * @throws HubException e.g. {@code NOT_FOUND} if this party is not a party to the request
   * @throws EvidenceException if the evidence of a message does not verify (the sentence names it)
   * @throws IllegalArgumentException if the request holds no message this party sent or received
   */
  public VerifiedRequestEvidence fetchRequest(String requestId, List<NoteVerifierKey> pinnedLogKeys)
      throws HubException, EvidenceException {
    String me = client.settings().keyStore().partyKeys().party().value();
    List<VerifiedEvidence> messages = new ArrayList<>();
    for (CooperationRequest.MessageInfo m : client.request(requestId).messages()) {
      if (!m.sender().equals(me) && !m.recipientParties().contains(me)) {
        continue; // the hub gives its evidence only to the sender and the recipients
      }
      try {
        messages.add(fetch(requestId, m.messageId(), pinnedLogKeys));
      } catch (EvidenceException e) {
        throw new EvidenceException(
            "in the evidence of message " + m.messageId() + ", " + e.getMessage());
      }
    }
    if (messages.isEmpty()) {
      throw new IllegalArgumentException(
          "request " + requestId + " holds no message you sent or received");
    }
    // The log's order of the submissions is the order the bundle states (the view's, normally).
    messages.sort(Comparator.comparingLong(v -> v.submission().logIndex()));
    return RequestEvidenceBundle.of(
            requestId, messages.stream().map(VerifiedEvidence::bundle).toList())
        .verify(pinnedLogKeys);
  }

  /** Notes who signed with which key; what does not parse is left for verify() to reject. */
  private static void signer(String base64, Map<Fingerprint, PartyId> signers) {
    if (base64 == null) {
      return;
    }
    try {
      EvidenceStatement s = SignedStatement.decode(Base64.getDecoder().decode(base64)).statement();
      if (s.actorKey() != null
          && (s.type() == EvidenceStatement.Type.SUBMISSION_ACCEPTANCE
              || s.type() == EvidenceStatement.Type.RETRIEVAL_RECEIPT)) {
        signers.putIfAbsent(s.actorKey(), s.actor());
      }
    } catch (CryptoException | IllegalArgumentException e) {
      // verify() names the malformed statement precisely
    }
  }
}
