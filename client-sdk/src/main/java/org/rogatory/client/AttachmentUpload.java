package org.rogatory.client;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.protocol.ErrorCode;

/**
 * Seals one attachment to a temporary file and uploads it in a resumable upload: after a broken
 * connection it asks the hub how far it got and goes on from there.
 */
final class AttachmentUpload {
  /** The envelope header is visible to the hub: the real media type goes in the sealed list. */
  private static final String OPAQUE_TYPE = "application/octet-stream";

  private final HubClient client;
  private final String requestId;

  AttachmentUpload(HubClient client, String requestId) {
    this.client = client;
    this.requestId = HubClient.pathSegment(requestId);
  }

  /** Seals {@code source} for {@code recipients} and uploads it. */
  Attachment upload(
      AttachmentSource source,
      EnvelopeSealer sealer,
      List<KeyBundle> recipients,
      TransferListener listener)
      throws HubException, IOException, CryptoException {
    Path sealed = Files.createTempFile("rogatory-", ".attachment");
    try {
      UUID envelopeId = UUID.randomUUID();
      MessageDigest sha256 = Messages.sha256();
      long plainSize;
      try (CountingInputStream in = new CountingInputStream(source.open());
          OutputStream out =
              new BufferedOutputStream(
                  new DigestOutputStream(Files.newOutputStream(sealed), sha256), 1 << 16)) {
        sealer.seal(EnvelopeMetadata.of(envelopeId, requestId, OPAQUE_TYPE), recipients, in, out);
        plainSize = in.count;
      }
      long size = Files.size(sealed);
      String digest = HexFormat.of().formatHex(sha256.digest());
      String id = create(size, digest);
      send(id, sealed, size, listener == null ? TransferListener.NONE : listener);
      return new Attachment(
          id,
          envelopeId.toString(),
          source.fileName(),
          source.contentType(),
          plainSize,
          size,
          digest);
    } finally {
      Files.deleteIfExists(sealed);
    }
  }

  /** Answer of the attachment endpoints. */
  record Status(
      String attachmentId,
      String requestId,
      long size,
      String sha256,
      long offset,
      boolean complete) {}

  private String base() {
    return "/v1/requests/" + requestId + "/attachments";
  }

  private String create(long size, String sha256) throws HubException {
    String key = HubClient.newIdempotencyKey();
    HubTransport t = client.transport();
    Status created =
        t.call(
            () ->
                t.request(base())
                    .header("Content-Type", "application/json")
                    .header(HubClient.IDEMPOTENCY_HEADER, key)
                    .POST(HubTransport.json(Map.of("size", size, "sha256", sha256)))
                    .build(),
            true,
            Status.class);
    if (created.attachmentId() == null || created.size() != size) {
      throw HubClient.answer("the hub created an attachment of another size");
    }
    return HubClient.pathSegment(created.attachmentId());
  }

  private Status status(String id) throws HubException {
    HubTransport t = client.transport();
    return t.call(() -> t.request(base() + "/" + id + "/upload").GET().build(), true, Status.class);
  }

  /**
   * Uploads {@code file} from wherever the hub's copy ends until the hub says it is complete. The
   * attempts allowed by the retry policy count only failures that made no progress, so a long
   * upload over a poor line gets there as long as each attempt moves it on.
   */
  private void send(String id, Path file, long size, TransferListener listener)
      throws HubException {
    HubTransport t = client.transport();
    long offset = 0;
    boolean ask = false;
    int stalled = 0;
    while (true) {
      Duration retryAfter = null;
      String problem;
      if (ask) {
        Status s = status(id);
        if (s.complete()) {
          listener.onProgress(size, size);
          return;
        }
        if (s.offset() > offset) {
          stalled = 0;
        }
        offset = s.offset();
      }
      ask = true;
      long from = offset;
      try {
        HttpResponse<InputStream> r =
            t.sendOnce(
                t.request(base() + "/" + id + "?offset=" + from)
                    .timeout(uploadTimeout(t.requestTimeout(), size - from))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(body(file, from, size, listener))
                    .build());
        int code = r.statusCode();
        if (code / 100 == 2) {
          Status s;
          try (InputStream in = r.body()) {
            s = HubTransport.JSON.readValue(in, Status.class);
          }
          if (s.complete()) {
            return;
          }
          problem = "the hub stored the upload only up to " + s.offset();
        } else {
          HubException refusal = HubTransport.refusal(r);
          boolean resumable =
              refusal.code() == ErrorCode.UPLOAD_OFFSET_MISMATCH
                  || refusal.code() == ErrorCode.CONFLICT // another upload still running there
                  || code == 429
                  || code / 100 == 5;
          if (!resumable) {
            throw refusal;
          }
          problem = refusal.getMessage();
          retryAfter = HubTransport.retryAfter(r);
        }
      } catch (IOException | UncheckedIOException e) {
        problem = "the connection broke: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HubUnreachableException("interrupted while uploading an attachment");
      }
      stalled++;
      if (stalled >= t.retry().maxAttempts()) {
        throw new HubUnreachableException(
            "the attachment upload made no progress after " + stalled + " attempt(s): " + problem);
      }
      HubTransport.sleep(t.retry().backoff(stalled, retryAfter));
    }
  }

  /**
   * The hub answers an upload when its last byte has arrived, so a part's timeout covers sending
   * it: the call's timeout plus the remaining bytes at 1 MiB/s. A slower line times out, and the
   * next attempt resumes from what the hub stored.
   */
  static Duration uploadTimeout(Duration requestTimeout, long remaining) {
    return requestTimeout.plusSeconds(Math.max(0, remaining) / (1024 * 1024));
  }

  private static HttpRequest.BodyPublisher body(
      Path file, long from, long size, TransferListener listener) {
    if (from >= size) {
      // Every byte is stored but the part that brought the last ones ended before the hub could
      // check the digest (a broken connection): an empty part at the end completes it.
      return HttpRequest.BodyPublishers.noBody();
    }
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(
            () -> {
              try {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                channel.position(from);
                return new ProgressInputStream(
                    Channels.newInputStream(channel), listener, size, from);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }),
        size - from);
  }

  /** Counts the bytes read through it. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
