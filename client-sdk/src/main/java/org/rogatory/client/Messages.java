package org.rogatory.client;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeHeader;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;
import org.rogatory.crypto.TrustedKeys;
import org.rogatory.protocol.ErrorCode;

/**
 * End-to-end encrypted messages of a {@link HubClient}: seal and post (with attachments), fetch and
 * open (with attachments), acknowledge. Payloads stream through temporary files and attachments
 * stream both ways, so memory stays flat whatever their size; attachment transfers resume after a
 * broken connection where they stopped.
 *
 * <h2>Security guarantees</h2>
 *
 * A message and its attachments are sealed to every key bundle the directory lists (not revoked,
 * valid now) for the request's two parties — the sender's own included, so its other devices can
 * read what it sent. A fetched message is released to the target file only after decryption and
 * verification of the sender's signature against the directory succeeded, and only if its signed
 * header names the request and message asked for. Attachments are listed inside the sealed message
 * (name, type, envelope id, digest: {@code docs/spec/parcel.md}), so the hub learns neither their
 * names nor their types, and cannot swap one for another.
 *
 * <h2>Warning</h2>
 *
 * A retry of {@link #post} re-sends the very same envelope; sealing again would make a different
 * one, which the hub refuses as a conflicting message with the same id.
 */
public final class Messages {

  static final String ATTACHMENTS_HEADER = "Rogatory-Attachments";
  private final HubClient client;

  Messages(HubClient client) {
    this.client = client;
  }

  /** As {@link #send(String, Path, String, List, TransferListener)} without attachments. */
  public SentMessage send(
      String requestId, Path payload, String contentType, TransferListener listener)
      throws HubException, IOException, CryptoException {
    return send(requestId, payload, contentType, List.of(), listener);
  }

  /**
   * Seals {@code payload} for the parties of request {@code requestId} and posts it, with {@code
   * attachments}: each is sealed into an envelope of its own, uploaded (resuming after a broken
   * connection), and listed in the sealed message by id, name, type, size and digest. Without
   * attachments the envelope's content type is {@code contentType}; with them it is a parcel
   * ({@code docs/spec/parcel.md}) whose body is {@code payload}.
   *
   * @param contentType the body's media type; without attachments it is stated in the envelope
   *     header, which the hub sees
   * @param listener told of each upload in turn, attachments first, the message last
   * @throws HubException from the directory or an upload, e.g. {@code NOT_FOUND}, {@code
   *     ILLEGAL_TRANSITION} for a closed request; a {@code RECIPIENT_KEYS_CHANGED} refusal (the
   *     directory entries this client held were out of date) is handled here, by reading them again
   *     and sealing anew once
   * @throws CryptoException if a recipient bundle or the sender's own is not valid now
   */
  public SentMessage send(
      String requestId,
      Path payload,
      String contentType,
      List<AttachmentSource> attachments,
      TransferListener listener)
      throws HubException, IOException, CryptoException {
    if (!Files.isRegularFile(payload)) {
      throw new NoSuchFileException(payload.toString());
    }
    try {
      return sealAndPost(requestId, payload, contentType, attachments, listener);
    } catch (HubException e) {
      if (e.code() != ErrorCode.RECIPIENT_KEYS_CHANGED) {
        throw e;
      }
      // Sealed to directory entries this client held from before a key was revoked or added
      // (decision 0017): nothing was recorded, so read the entries again and seal anew, once.
      client.forgetDirectoryEntries(client.requestParties(requestId));
      return sealAndPost(requestId, payload, contentType, attachments, listener);
    }
  }

  private SentMessage sealAndPost(
      String requestId,
      Path payload,
      String contentType,
      List<AttachmentSource> attachments,
      TransferListener listener)
      throws HubException, IOException, CryptoException {
    List<KeyBundle> recipients = recipients(requestId);
    EnvelopeSealer sealer = sealer();
    List<Attachment> uploaded = new ArrayList<>();
    AttachmentUpload uploads = new AttachmentUpload(client, requestId);
    for (AttachmentSource source : attachments) {
      uploaded.add(uploads.upload(source, sealer, recipients, listener));
    }
    EnvelopeMetadata metadata =
        EnvelopeMetadata.of(
            UUID.randomUUID(), requestId, uploaded.isEmpty() ? contentType : Parcel.CONTENT_TYPE);
    Path envelope = Files.createTempFile("rogatory-", ".envelope");
    try {
      try (InputStream body = new BufferedInputStream(Files.newInputStream(payload), 1 << 16);
          InputStream in = uploaded.isEmpty() ? body : Parcel.payload(contentType, uploaded, body);
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(envelope), 1 << 16)) {
        sealer.seal(metadata, recipients, in, out);
      }
      return post(requestId, envelope, HubClient.newIdempotencyKey(), uploaded, listener);
    } finally {
      Files.deleteIfExists(envelope);
    }
  }

  /**
   * Every key bundle the directory lists (not revoked, valid now) for the request's two parties:
   * the addressee's devices, and the opener's, the sender's own included. The entries are those
   * this client holds, read again only when it holds none: the hub refuses an envelope sealed to
   * keys that are no longer current ({@code RECIPIENT_KEYS_CHANGED}), and {@link #send} then reads
   * them again.
   */
  private List<KeyBundle> recipients(String requestId) throws HubException {
    List<KeyBundle> recipients = new ArrayList<>();
    Map<Fingerprint, Boolean> seen = new LinkedHashMap<>();
    Instant now = client.settings().clock().instant();
    for (PartyId party : client.requestParties(requestId)) {
      for (KeyBundle b : client.heldDirectoryEntry(party).activeBundles()) {
        if (b.isValidAt(now) && seen.put(b.fingerprint(), Boolean.TRUE) == null) {
          recipients.add(b);
        }
      }
    }
    // With the log's keys pinned, seal only to keys the log proves were registered.
    java.util.Optional<KeyTransparency> transparency = client.keyTransparency();
    if (transparency.isPresent()) {
      for (KeyBundle b : recipients) {
        transparency.get().requireLogged(b);
      }
    }
    return recipients;
  }

  /** This party's current keys, then those it rotated away from (for what was sealed to them). */
  private List<PartyKeys> ownKeys() throws IOException {
    KeyStoreBackend store = client.settings().keyStore();
    List<PartyKeys> keys = new ArrayList<>();
    keys.add(store.partyKeys());
    keys.addAll(store.retiredKeys());
    return keys;
  }

  private EnvelopeSealer sealer() {
    return EnvelopeSealer.create(
        EnvelopePreset.HYBRID_V1_64K,
        client.settings().keyStore().partyKeys(),
        client.settings().clock());
  }

  /**
   * Uploads an envelope sealed earlier (for instance on an air-gapped machine with {@code rogatory
   * seal}). Calling again with the same envelope file is safe: the hub records a message id once.
   *
   * @throws HubException e.g. {@code BAD_ENVELOPE} if the header does not name this request and the
   *     caller's registered key, {@code CONFLICT} for a message id already used for other content,
   *     {@code RECIPIENT_KEYS_CHANGED} if it is not sealed to the parties' current keys (seal it
   *     again to the bundles the directory lists now)
   */
  public SentMessage post(
      String requestId, Path envelope, String idempotencyKey, TransferListener listener)
      throws HubException, IOException {
    return post(requestId, envelope, idempotencyKey, List.of(), listener);
  }

  private SentMessage post(
      String requestId,
      Path envelope,
      String idempotencyKey,
      List<Attachment> attachments,
      TransferListener listener)
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
    String attachmentIds =
        String.join(",", attachments.stream().map(Attachment::attachmentId).toList());
    Accepted accepted =
        t.call(
            () -> {
              HttpRequest.Builder b =
                  t.request("/v1/requests/" + HubClient.pathSegment(requestId) + "/messages")
                      .header("Content-Type", HubClient.ENVELOPE_TYPE)
                      .header(HubClient.IDEMPOTENCY_HEADER, key);
              if (!attachmentIds.isEmpty()) {
                b.header(ATTACHMENTS_HEADER, attachmentIds);
              }
              return b.POST(upload).build();
            },
            true,
            Accepted.class);
    return new SentMessage(
        accepted.requestId(),
        accepted.messageId(),
        accepted.envelopeDigest(),
        accepted.envelopeSize(),
        attachments);
  }

  /** Answer of POST /v1/requests/{id}/messages. */
  record Accepted(String requestId, String messageId, String envelopeDigest, long envelopeSize) {}

  /**
   * Downloads message {@code messageId} of request {@code requestId}, decrypts it and verifies its
   * sender against the directory, writing the plaintext body to {@code target} (replaced only on
   * success). A message with attachments lists them in {@link ReceivedMessage#attachments()};
   * download them with {@link #fetchAttachment}. Then acknowledge it with {@link
   * #acknowledge(ReceivedMessage)}.
   *
   * @throws MessageRejectedException if it does not open or verify; nothing is written
   * @throws HubException e.g. {@code NOT_FOUND} if there is no such message for this party
   */
  public ReceivedMessage fetch(
      String requestId, String messageId, Path target, TransferListener listener)
      throws HubException, IOException, MessageRejectedException {
    String messageSegment = HubClient.pathSegment(messageId);
    HubTransport t = client.transport();
    try {
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
            Recorded info = Recorded.of(response, messageId);
            DirectoryEntry sender;
            try {
              sender = client.directory(PartyId.of(info.sender()), info.senderDirectoryTag());
            } catch (HubException e) {
              throw new DirectoryFailure(e);
            }
            // The sender's keys as they stood when the hub recorded the message: one it has
            // rotated or revoked since still vouches for what it signed before.
            EnvelopeOpener opener =
                EnvelopeOpener.create(
                    ownKeys(), TrustedKeys.of(sender.bundlesTrustedAt(info.submittedAt())));
            return open(requestId, messageId, target, listener, response, body, info, opener);
          });
    } catch (DirectoryFailure e) {
      throw e.hubException();
    }
  }

  /** What the hub recorded of a message's submission, from the headers of its envelope. */
  private record Recorded(
      String sender,
      Instant submittedAt,
      String envelopeDigest,
      long size,
      String senderDirectoryTag) {
    static Recorded of(HttpResponse<?> response, String messageId) throws MessageRejectedException {
      var h = response.headers();
      String sender = h.firstValue("Rogatory-Message-Sender").orElse(null);
      // Absent from hubs older than this SDK: the sender's entry is then read again.
      String tag = h.firstValue("Rogatory-Sender-Directory-Tag").orElse(null);
      String at = h.firstValue("Rogatory-Message-Submitted-At").orElse(null);
      String digest = h.firstValue("X-Envelope-Digest").orElse(null);
      long size = h.firstValueAsLong("Content-Length").orElse(-1);
      if (sender == null || at == null || digest == null) {
        throw new MessageRejectedException(
            "the hub sent message "
                + messageId
                + " without its sender, time or digest: is the hub older than this SDK?");
      }
      try {
        return new Recorded(sender, Instant.parse(at), digest, size, tag);
      } catch (java.time.format.DateTimeParseException e) {
        throw new MessageRejectedException(
            "the hub sent message " + messageId + " with an unreadable submission time");
      }
    }
  }

  /** Carries a directory failure out of the download's body reader. */
  private static final class DirectoryFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DirectoryFailure(HubException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    HubException hubException() {
      return (HubException) getCause();
    }
  }

  private ReceivedMessage open(
      String requestId,
      String messageId,
      Path target,
      TransferListener listener,
      HttpResponse<InputStream> response,
      InputStream body,
      Recorded info,
      EnvelopeOpener opener)
      throws IOException, MessageRejectedException {
    long total = info.size();
    MessageDigest sha256 = sha256();
    InputStream in =
        new BufferedInputStream(
            new DigestInputStream(new ProgressInputStream(body, listener, total), sha256), 1 << 16);
    Path work = partialNextTo(target);
    try {
      EnvelopeHeader header;
      try {
        header = opener.open(in, work);
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
        throw new MessageRejectedException(
            "the hub delivered another envelope than message " + messageId + "; it was discarded");
      }
      String digest = HexFormat.of().formatHex(sha256.digest());
      if (!digest.equals(info.envelopeDigest())) {
        throw new MessageRejectedException(
            "the hub delivered another envelope than the one it recorded for message "
                + messageId
                + "; it was discarded");
      }
      String contentType = header.contentType();
      List<Attachment> attachments = List.of();
      if (Parcel.CONTENT_TYPE.equals(contentType)) {
        Path bodyFile = partialNextTo(target);
        try {
          Parcel.Manifest manifest = Parcel.split(work, bodyFile);
          Files.move(bodyFile, work, REPLACE_EXISTING, ATOMIC_MOVE);
          contentType = manifest.contentType();
          attachments = manifest.attachments();
        } catch (Parcel.MalformedParcelException e) {
          throw new MessageRejectedException(
              "message "
                  + messageId
                  + " lists its attachments in a malformed way: "
                  + e.getMessage());
        } finally {
          Files.deleteIfExists(bodyFile);
        }
      }
      Files.move(work, target, REPLACE_EXISTING, ATOMIC_MOVE);
      return new ReceivedMessage(
          requestId,
          messageId,
          header.sender().value(),
          contentType,
          header.createdAt(),
          digest,
          info.size(),
          target,
          attachments);
    } finally {
      Files.deleteIfExists(work);
    }
  }

  /**
   * Downloads attachment {@code attachment} of {@code message} (as {@link #fetch} listed it),
   * decrypts it and verifies it, writing the plaintext to {@code target} (replaced only on
   * success). Decryption streams as the bytes arrive; a broken connection is resumed from the byte
   * it got to, so memory stays flat and nothing is downloaded twice.
   *
   * <h2>Security guarantees</h2>
   *
   * The plaintext reaches {@code target} only if the attachment's envelope opened with this party's
   * key, its signature verified against a key the directory lists for the message's sender, its
   * header names the request and the envelope id the signed message lists, and the SHA-256 of the
   * sealed bytes is the one listed: the hub cannot swap one attachment for another.
   *
   * @return {@code target}
   * @throws MessageRejectedException if any check fails; nothing is written
   * @throws HubException e.g. {@code NOT_FOUND}, or {@code UNAVAILABLE} if the download made no
   *     progress over the attempts the retry policy allows
   */
  public Path fetchAttachment(
      ReceivedMessage message, Attachment attachment, Path target, TransferListener listener)
      throws HubException, IOException, MessageRejectedException {
    DirectoryEntry sender = client.directory(PartyId.of(message.sender()));
    EnvelopeOpener opener =
        EnvelopeOpener.create(
            ownKeys(), TrustedKeys.of(sender.bundlesTrustedAt(message.createdAt())));
    String name = "attachment " + attachment.attachmentId() + " of message " + message.messageId();
    Path work = partialNextTo(target);
    try (AttachmentDownload download =
        new AttachmentDownload(client.transport(), message.requestId(), attachment, listener)) {
      EnvelopeHeader header;
      try {
        header = opener.open(new BufferedInputStream(download, 1 << 16), work);
      } catch (CryptoException e) {
        throw new MessageRejectedException(
            name
                + " could not be opened: it is damaged, not sealed to this party's key, or not"
                + " signed with a key the directory lists for "
                + message.sender());
      } catch (AttachmentDownload.TransferFailedException e) {
        throw e.reason();
      }
      if (!download.verified()
          || !header.requestId().equals(message.requestId())
          || !header.messageId().toString().equals(attachment.envelopeId())
          || !header.sender().value().equals(message.sender())) {
        throw new MessageRejectedException(
            "the hub delivered another document than " + name + "; it was discarded");
      }
      Files.move(work, target, REPLACE_EXISTING, ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(work);
    }
  }

  /** A hidden temporary file next to {@code target}, so the final move stays atomic. */
  static Path partialNextTo(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Path name = absolute.getFileName();
    if (dir == null || name == null) {
      throw new IOException("the output must be a file in a directory: " + target);
    }
    return Files.createTempFile(dir, "." + name + ".", ".rogatory-partial");
  }

  /**
   * Signs a retrieval receipt for {@code message} with this party's keys (docs/spec/evidence.md)
   * and hands it to the hub, which verifies it against the party's registered keys and logs it;
   * safe to repeat (the hub keeps the first receipt of each recipient).
   *
   * @return the signed receipt that was sent
   * @throws HubException e.g. {@code BAD_RECEIPT} if the hub refused the receipt
   */
  public SignedStatement acknowledge(ReceivedMessage message) throws HubException {
    PartyKeys keys = client.settings().keyStore().partyKeys();
    SignedStatement receipt =
        SignedStatement.signByParty(
            keys,
            EvidenceStatement.retrievalReceipt(
                message.requestId(),
                UUID.fromString(message.messageId()),
                keys.party(),
                keys.bundle().fingerprint(),
                HexFormat.of().parseHex(message.envelopeDigest()),
                message.envelopeSize(),
                client.settings().clock().instant()));
    Map<String, String> body =
        Map.of("receipt", Base64.getEncoder().encodeToString(receipt.encode()));
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
    return receipt;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
