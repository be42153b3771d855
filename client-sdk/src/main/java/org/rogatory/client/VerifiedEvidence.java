package org.rogatory.client;

import java.util.List;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.NoteVerifierKey;

/**
 * Evidence of one message after every check of {@link EvidenceBundle#verify} passed.
 *
 * @param bundle the self-contained bundle that was verified (export it with {@link
 *     EvidenceBundle#encode()})
 * @param logKeys the log's verifier keys the statements and the checkpoint verified against
 * @param checkpoint the signed checkpoint every statement's event is included in
 * @param statements the hub's statements in the bundle's order: the submission acceptance first,
 *     then deliveries, retrievals, non-retrievals and non-deliveries
 * @param receipts the recipients' own signed retrieval receipts, each verified against the key
 *     bundle of its signer
 */
public record VerifiedEvidence(
    EvidenceBundle bundle,
    List<NoteVerifierKey> logKeys,
    Checkpoint checkpoint,
    List<EvidenceStatement> statements,
    List<EvidenceStatement> receipts) {

  /** Copies the lists. */
  public VerifiedEvidence {
    logKeys = List.copyOf(logKeys);
    statements = List.copyOf(statements);
    receipts = List.copyOf(receipts);
  }

  /** The hub's statement that it accepted the message. */
  public EvidenceStatement submission() {
    return statements.get(0);
  }
}
