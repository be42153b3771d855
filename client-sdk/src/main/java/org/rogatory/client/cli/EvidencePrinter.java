package org.rogatory.client.cli;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.rogatory.client.VerifiedEvidence;
import org.rogatory.client.VerifiedRequestEvidence;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.PartyId;

/** Prints verified evidence for people: one line per statement. */
final class EvidencePrinter {
  private EvidencePrinter() {}

  /** Each message's evidence in turn, after a line that says what the whole is. */
  static void print(VerifiedRequestEvidence v, PrintWriter w) {
    w.printf(
        "Evidence of %d message%s of request %s: each verified.%n",
        v.messages().size(), v.messages().size() == 1 ? "" : "s", v.requestId());
    for (VerifiedEvidence m : v.messages()) {
      print(m, w);
    }
  }

  static void print(VerifiedEvidence v, PrintWriter w) {
    EvidenceStatement s = v.submission();
    w.printf(
        "Evidence of message %s in request %s (envelope SHA-256 %s, %d bytes): verified.%n",
        s.messageId(),
        s.requestId(),
        HexFormat.of().formatHex(s.envelopeDigest()),
        s.envelopeSize());
    w.printf(
        "Checkpoint: log %s, size %d, root %s; log keys %s.%n",
        v.checkpoint().origin(),
        v.checkpoint().size(),
        v.checkpoint().root().toBase64(),
        v.logKeys().stream()
            .map(k -> String.format("%08x", k.keyId()))
            .collect(Collectors.joining(", ")));
    for (EvidenceStatement st : v.statements()) {
      String who =
          st.type() == EvidenceStatement.Type.SUBMISSION_ACCEPTANCE
              ? "from "
                  + st.actor()
                  + " to "
                  + st.recipients().stream().map(PartyId::value).collect(Collectors.joining(", "))
              : "to " + st.actor();
      if (st.type().isMissedDeadline()) {
        w.printf(
            "  %-21s %s  %s had returned no receipt by this deadline%s  (log index %d, signed by"
                + " the log, included)%n",
            st.type(),
            st.time(),
            st.actor(),
            st.type() == EvidenceStatement.Type.NON_DELIVERY
                ? " and had not fetched the envelope"
                : "",
            st.logIndex());
        continue;
      }
      w.printf(
          "  %-21s %s  %s  (log index %d, signed by the log, included)%n",
          st.type(), st.time(), who, st.logIndex());
    }
    for (EvidenceStatement r : v.receipts()) {
      w.printf(
          "  %-21s %s  signed by %s with key %s (its own clock)%n",
          r.type(), r.time(), r.actor(), r.actorKey().toHex().substring(0, 16));
    }
    w.flush();
  }
}
