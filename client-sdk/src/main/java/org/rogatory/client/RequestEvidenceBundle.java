package org.rogatory.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.rogatory.crypto.NoteVerifierKey;

/**
 * The self-contained evidence of every message of one cooperation request that its holder sent or
 * received (docs/spec/evidence.md section 6.1): one {@link EvidenceBundle} per message, each
 * complete and verified on its own, in the order the hub accepted the messages. A third party
 * verifies it with {@link #verify} alone, offline.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #verify} accepts a bundle only if every message's bundle passes every check of {@link
 * EvidenceBundle#verify} against the same log keys, every one names this request, no message
 * appears twice, and the messages are in the order of their submissions in the log.
 *
 * <h2>Warning</h2>
 *
 * It does not prove that the request has no other messages: the hub signs no list of a request's
 * messages, and its holder may leave a message out. And, as for one message, pin the log's keys
 * (pass them as {@code pinnedLogKeys}) when the evidence matters.
 */
public final class RequestEvidenceBundle {
  /** The value of the {@code format} member. */
  public static final String FORMAT = "rogatory-request-evidence/1";

  /** More messages than this are rejected (evidence.md section 6.1). */
  static final int MAX_MESSAGES = 4096;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The JSON form, member for member. */
  record Json(String format, String requestId, List<EvidenceBundle.Json> messages) {}

  /** The JSON form as read: each message's bundle is read on its own, to name it if it fails. */
  record Read(String format, String requestId, List<JsonNode> messages) {}

  private final String requestId;
  private final List<EvidenceBundle> messages;

  private RequestEvidenceBundle(String requestId, List<EvidenceBundle> messages) {
    this.requestId = requestId;
    this.messages = List.copyOf(messages);
  }

  static RequestEvidenceBundle of(String requestId, List<EvidenceBundle> messages) {
    return new RequestEvidenceBundle(requestId, messages);
  }

  /**
   * Reads a bundle written by {@link #encode()}. Only the form is checked: call {@link #verify}.
   *
   * @throws EvidenceException if it is not a Rogatory request evidence bundle
   */
  public static RequestEvidenceBundle decode(byte[] encoded) throws EvidenceException {
    Read j;
    try {
      j = JSON.readValue(encoded, Read.class);
    } catch (IOException e) {
      throw new EvidenceException(
          "the file is not a Rogatory request evidence bundle (malformed JSON, or a member it"
              + " does not define)");
    }
    if (j == null || !FORMAT.equals(j.format()) || j.requestId() == null || j.messages() == null) {
      throw new EvidenceException(
          "the file is not a "
              + FORMAT
              + " evidence bundle (a member is missing or of another format)");
    }
    if (j.messages().isEmpty() || j.messages().size() > MAX_MESSAGES) {
      throw new EvidenceException(
          "the bundle holds the evidence of no message, or of more than " + MAX_MESSAGES);
    }
    List<EvidenceBundle> messages = new ArrayList<>();
    for (JsonNode m : j.messages()) {
      messages.add(element(m, messages.size() + 1));
    }
    return new RequestEvidenceBundle(j.requestId(), messages);
  }

  /** Element {@code position} of {@code messages}, a one-message bundle in form. */
  private static EvidenceBundle element(JsonNode m, int position) throws EvidenceException {
    EvidenceBundle.Json form;
    try {
      form = m != null && m.isObject() ? JSON.treeToValue(m, EvidenceBundle.Json.class) : null;
    } catch (IOException | IllegalArgumentException e) {
      form = null; // a member it does not define, or of the wrong type
    }
    try {
      return EvidenceBundle.checked(form);
    } catch (EvidenceException e) {
      String which =
          m != null && m.path("messageId").isTextual()
              ? "of message " + m.path("messageId").asText()
              : "number " + position;
      throw new EvidenceException(
          "the evidence "
              + which
              + " is not a complete "
              + EvidenceBundle.FORMAT
              + " bundle (a member is missing, of another format, or one it does not define)");
    }
  }

  /** The bundle as UTF-8 JSON. */
  public byte[] encode() {
    try {
      return JSON.writeValueAsBytes(
          new Json(FORMAT, requestId, messages.stream().map(EvidenceBundle::json).toList()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request evidence bundle", e);
    }
  }

  /** The request the evidence is about, as the bundle states it (verified by {@link #verify}). */
  public String requestId() {
    return requestId;
  }

  /**
   * Checks everything (see the class description).
   *
   * @param pinnedLogKeys the log's verifier keys as its operator published them; if not empty,
   *     every message's log keys must be exactly these
   * @throws EvidenceException with one sentence naming the message and the first check that failed
   */
  public VerifiedRequestEvidence verify(List<NoteVerifierKey> pinnedLogKeys)
      throws EvidenceException {
    Objects.requireNonNull(pinnedLogKeys, "pinnedLogKeys");
    Set<String> seen = new HashSet<>();
    List<VerifiedEvidence> verified = new ArrayList<>();
    for (EvidenceBundle m : messages) {
      String message = "message " + m.messageId();
      if (!requestId.equals(m.requestId())) {
        throw new EvidenceException(
            "the evidence of " + message + " is about another request than " + requestId);
      }
      if (!seen.add(m.messageId())) {
        throw new EvidenceException(message + " appears twice in the bundle");
      }
      VerifiedEvidence v;
      try {
        v = m.verify(pinnedLogKeys);
      } catch (EvidenceException e) {
        throw new EvidenceException("in the evidence of " + message + ", " + e.getMessage());
      }
      if (!verified.isEmpty()) {
        VerifiedEvidence previous = verified.get(verified.size() - 1);
        if (!new HashSet<>(v.logKeys()).equals(new HashSet<>(previous.logKeys()))) {
          throw new EvidenceException(
              "the evidence of " + message + " is under other log keys than the messages before");
        }
        if (v.submission().logIndex() <= previous.submission().logIndex()) {
          throw new EvidenceException(
              message
                  + " is out of order: its submission at log index "
                  + v.submission().logIndex()
                  + " is not after that of message "
                  + previous.submission().messageId());
        }
      }
      verified.add(v);
    }
    return new VerifiedRequestEvidence(this, requestId, verified);
  }
}
