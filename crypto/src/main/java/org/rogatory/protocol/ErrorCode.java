package org.rogatory.protocol;

/**
 * The one error vocabulary of Rogatory's API, shared by the hub (which sends it) and the SDK (which
 * maps it to typed exceptions). Each code has a stable wire form, an HTTP status and a sentence
 * that says what was wrong and what to do. Codes are only ever added, never renamed.
 */
public enum ErrorCode {
  MALFORMED_JSON(400, "The request body is not valid JSON; send a JSON object."),
  INVALID_FIELD(400, "A field is missing or invalid; see the message for which one."),
  UNSUPPORTED_MEDIA_TYPE(415, "Wrong Content-Type; see the API description for what to send."),
  BODY_TOO_LARGE(413, "The body is larger than allowed; send attachments through the upload API."),
  IDEMPOTENCY_KEY_REQUIRED(
      400, "State-changing calls need an Idempotency-Key header (1-128 printable characters)."),
  IDEMPOTENCY_KEY_REUSED(
      422, "This Idempotency-Key was used for a different request; use a fresh key."),
  UNAUTHENTICATED(401, "Present the client certificate the hub issued to your party."),
  CERTIFICATE_REVOKED(401, "Your certificate was revoked; enrol again with a new code."),
  PARTY_SUSPENDED(403, "Your party is suspended; contact the Registry."),
  FORBIDDEN(403, "You are not entitled to this resource; the attempt was recorded."),
  NOT_FOUND(404, "No such resource, or you are not a party to it."),
  ILLEGAL_TRANSITION(409, "The request is not in a status that allows this; fetch it and retry."),
  CONFLICT(409, "This conflicts with the current state; fetch it and retry."),
  CONCURRENT_MODIFICATION(409, "Someone changed this at the same time; retry the call."),
  REASONS_REQUIRED(422, "This action needs reasons; add them and retry."),
  BAD_ENVELOPE(422, "The envelope is not a well-formed Rogatory envelope for this request."),
  RECIPIENT_KEYS_CHANGED(
      409,
      "The envelope is not sealed to the current keys of the request's parties (a key was revoked"
          + " or added); read their directory entries again and seal the message anew."),
  ENROLMENT_CODE_INVALID(403, "The enrolment code is wrong; check it with the Registry."),
  ENROLMENT_CODE_EXPIRED(403, "The enrolment code has expired; ask the Registry for a new one."),
  ENROLMENT_CODE_USED(409, "The enrolment code was already used; ask for a new one if needed."),
  BAD_KEY_BUNDLE(422, "The key bundle does not parse or its self-signature is invalid."),
  BAD_CSR(422, "The certificate signing request is malformed or not signed by its key."),
  UPLOAD_OFFSET_MISMATCH(
      409, "The upload is not at that offset; ask for its status and resume from its offset."),
  UPLOAD_INCOMPLETE(409, "The attachment is not completely uploaded; finish the upload first."),
  DIGEST_MISMATCH(
      422, "The uploaded bytes do not have the declared SHA-256; upload the attachment again."),
  RANGE_NOT_SATISFIABLE(416, "The requested range lies outside the content; ask from 0 to size-1."),
  BAD_RECEIPT(
      422,
      "The retrieval receipt does not parse, does not match the message as stored, or is not"
          + " signed by a key registered for your party; sign it again over the fetched message."),
  WITNESS_KEY_NOT_REGISTERED(
      409,
      "Your party has no witness key registered; register one with PUT /v1/log/witness-key first."),
  UNKNOWN_CHECKPOINT(
      409,
      "The hub never published this checkpoint; cosign a checkpoint exactly as the hub served it."),
  BAD_COSIGNATURE(
      422,
      "The note carries no valid cosignature by your registered witness key over a checkpoint"
          + " signed by the log; cosign the checkpoint again with that key."),
  AUDITOR_ONLY(
      403,
      "The event history is served to parties enrolled as AUDITOR only; ask the Registry to enrol"
          + " your oversight body as one."),
  RATE_LIMITED(429, "Too many requests; wait as the Retry-After header says."),
  UNAVAILABLE(503, "The hub cannot serve this right now; retry after a short wait."),
  INTERNAL(500, "Unexpected failure on the hub; it was logged with your correlation id.");

  private final int httpStatus;
  private final String guidance;

  ErrorCode(int httpStatus, String guidance) {
    this.httpStatus = httpStatus;
    this.guidance = guidance;
  }

  /** The stable string form sent on the wire, e.g. {@code ILLEGAL_TRANSITION}. */
  public String wire() {
    return name();
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** A sentence that says what to fix. */
  public String guidance() {
    return guidance;
  }

  /** The code for a wire form, or {@link #INTERNAL} for one this version does not know. */
  public static ErrorCode fromWire(String wire) {
    for (ErrorCode c : values()) {
      if (c.name().equals(wire)) {
        return c;
      }
    }
    return INTERNAL;
  }
}
