package org.rogatory.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeHeader;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.TrustedKeys;
import org.rogatory.protocol.ErrorCode;

/**
 * End-to-end encrypted messages of a {@link HubClient}: seal and post, fetch and open, acknowledge.
 * Payloads stream through temporary files, so memory stays flat whatever their size.
 *
 * <h2>Security guarantees</h2>
 *
 * A message is sealed to every key bundle the directory lists (not revoked, valid now) for the
 * request's two parties — the sender's own included, so its other devices can read what it sent. A
 * fetched message is released to the target file only after decryption and verification of the
 * sender's signature against the directory succeeded, and only if its signed header names the
 * request and message asked for.
 *
 * <h2>Warning</h2>
 *
 * A retry of {@link #post} re-sends the very same envelope; sealing again would make a different
 * one, which the hub refuses as a conflicting message with the same id.
 */
public final class Messages {
  private final HubClient client;

  Messages(HubClient client) {
    this.client = client;
  }

  /**
   * Seals {@code payload} for the parties of request {@code requestId} and posts it.
   *
   * @param contentType the payload's media type, stated in the envelope header (visible to the hub)
   * @throws HubException from the directory or the upload, e.g. {@code NOT_FOUND}, {@code
   *     ILLEGAL_TRANSITION} for a closed request
   * @throws CryptoException if a recipient bundle or the sender's own is not valid now
   */
  public SentMessage send(
      String requestId, Path payload, String contentType, TransferListener listener)
      throws HubException, IOException, CryptoException {
    if (!Files.isRegularFile(payload)) {
      throw new NoSuchFileException(payload.toString());
    }
    CooperationRequest request = client.request(requestId);
    List<KeyBundle> recipients = new ArrayList<>();
    Map<Fingerprint, Boolean> seen = new LinkedHashMap<>();
    Instant now = client.settings().clock().instant();
    for (String party : List.of(request.openedBy(), request.addressee())) {
      for (KeyBundle b : client.directory(PartyId.of(party)).activeBundles()) {
        if (b.isValidAt(now) && seen.put(b.fingerprint(), Boolean.TRUE) == null) {
          recipients.add(b);
        }
      }
    }
    EnvelopeSealer sealer =
        EnvelopeSealer.create(
            EnvelopePreset.HYBRID_V1_64K,
            client.settings().keyStore().partyKeys(),
            client.settings().clock());
    EnvelopeMetadata metadata = EnvelopeMetadata.of(UUID.randomUUID(), requestId, contentType);
    Path envelope = Files.createTempFile("rogatory-", ".envelope");
    try {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(payload), 1 << 16);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(envelope), 1 << 16)) {
        sealer.seal(metadata, recipients, in, out);
      }
      return post(requestId, envelope, HubClient.newIdempotencyKey(), listener);
    } finally {
      Files.deleteIfExists(envelope);
    }
  }

  /**
   * Uploads an envelope sealed earlier (for instance on an air-gapped machine with {@code rogatory
   * seal}). Calling again with the same envelope file is safe: the hub records a message id once.
   *
   * @throws HubException e.g. {@code BAD_ENVELOPE} if the header does not name this request and the
   *     caller's registered key, {@code CONFLICT} for a message id already used for other content
   */
  public SentMessage post(
      String requestId, Path envelope, String idempotencyKey, TransferListener listener)
      throws HubException, IOException {
    long size = Files.size(envelope);
    String key = HubClient.checkKey(idempotencyKey);
    HubTransport t = client.transport();
    HttpRequest.BodyPublisher upload =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(
                () -> {
                  try {
                    return new ProgressInputStream(Files.newInputStream(envelope), listener, size);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }),
            size);
    Accepted accepted =
        t.call(
            () ->
                t.request("/v1/requests/" + HubClient.pathSegment(requestId) + "/messages")
                    .header("Content-Type", HubClient.ENVELOPE_TYPE)
                    .header(HubClient.IDEMPOTENCY_HEADER, key)
                    .POST(upload)
                    .build(),
            true,
            Accepted.class);
    return new SentMessage(
        accepted.requestId(),
        accepted.messageId(),
        accepted.envelopeDigest(),
        accepted.envelopeSize());
  }

  /** Answer of POST /v1/requests/{id}/messages. */
  record Accepted(String requestId, String messageId, String envelopeDigest, long envelopeSize) {}

  /**
   * Downloads message {@code messageId} of request {@code requestId}, decrypts it and verifies its
   * sender against the directory, writing the plaintext to {@code target} (replaced only on
   * success). Then acknowledge it with {@link #acknowledge(ReceivedMessage)}.
   *
   * @throws MessageRejectedException if it does not open or verify; nothing is written
   * @throws HubException e.g. {@code NOT_FOUND} if there is no such message for this party
   */
  public ReceivedMessage fetch(
      String requestId, String messageId, Path target, TransferListener listener)
      throws HubException, IOException, MessageRejectedException {
    String messageSegment = HubClient.pathSegment(messageId);
    CooperationRequest request = client.request(requestId);
    CooperationRequest.MessageInfo info =
        request.messages().stream()
            .filter(m -> m.messageId().equals(messageId))
            .findFirst()
            .orElseThrow(
                () ->
                    new HubException(
                        ErrorCode.NOT_FOUND,
                        404,
                        "no message " + messageId + " in " + requestId,
                        null));
    DirectoryEntry sender = client.directory(PartyId.of(info.sender()));
    EnvelopeOpener opener =
        EnvelopeOpener.create(
            client.settings().keyStore().partyKeys(), TrustedKeys.of(sender.activeBundles()));
    HubTransport t = client.transport();
    return t.exchange(
        () ->
            t.request(
                    "/v1/requests/"
                        + HubClient.pathSegment(requestId)
                        + "/messages/"
                        + messageSegment)
                .header("Accept", HubClient.ENVELOPE_TYPE)
                .GET()
                .build(),
        true,
        (response, body) -> {
          long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
          MessageDigest sha256 = sha256();
          InputStream in =
              new BufferedInputStream(
                  new DigestInputStream(new ProgressInputStream(body, listener, total), sha256),
                  1 << 16);
          EnvelopeHeader header;
          try {
            header = opener.open(in, target);
          } catch (CryptoException e) {
            throw new MessageRejectedException(
                "message "
                    + messageId
                    + " could not be opened: it is damaged, not sealed to this party's key, or"
                    + " not signed with a key the directory lists for "
                    + info.sender());
          }
          in.transferTo(OutputStream.nullOutputStream());
          if (!header.requestId().equals(requestId)
              || !header.messageId().toString().equals(messageId)
              || !header.sender().value().equals(info.sender())) {
            Files.deleteIfExists(target);
            throw new MessageRejectedException(
                "the hub delivered another envelope than message "
                    + messageId
                    + "; it was discarded");
          }
          return new ReceivedMessage(
              requestId,
              messageId,
              header.sender().value(),
              header.contentType(),
              header.createdAt(),
              HexFormat.of().formatHex(sha256.digest()),
              target);
        });
  }

  /** Tells the hub this party retrieved and verified {@code message}; safe to repeat. */
  public void acknowledge(ReceivedMessage message) throws HubException {
    Map<String, String> body = Map.of("receiptDigest", message.envelopeDigest());
    String key = HubClient.newIdempotencyKey();
    HubTransport t = client.transport();
    t.call(
        () ->
            t.request(
                    "/v1/requests/"
                        + HubClient.pathSegment(message.requestId())
                        + "/messages/"
                        + HubClient.pathSegment(message.messageId())
                        + "/retrieval")
                .header("Content-Type", "application/json")
                .header(HubClient.IDEMPOTENCY_HEADER, key)
                .POST(HubTransport.json(body))
                .build(),
        true,
        Void.class);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
