package org.rogatory.client;

import java.util.List;
import org.rogatory.crypto.NoteVerifierKey;

/**
 * Evidence of the messages of one request after every check of {@link RequestEvidenceBundle#verify}
 * passed.
 *
 * @param bundle the self-contained bundle that was verified (export it with {@link
 *     RequestEvidenceBundle#encode()})
 * @param requestId the request every message's evidence names
 * @param messages each message's verified evidence, in the order the hub accepted the messages; not
 *     empty
 */
public record VerifiedRequestEvidence(
    RequestEvidenceBundle bundle, String requestId, List<VerifiedEvidence> messages) {

  /** Copies the list. */
  public VerifiedRequestEvidence {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("the evidence of a request holds at least one message");
    }
  }

  /** The log's verifier keys every message's evidence verified against. */
  public List<NoteVerifierKey> logKeys() {
    return messages.get(0).logKeys();
  }
}
