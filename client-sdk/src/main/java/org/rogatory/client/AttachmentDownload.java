package org.rogatory.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The sealed bytes of one attachment as a stream that survives broken connections: when the
 * connection fails mid-body it asks again from the byte it got to ({@code Range: bytes=N-}), so the
 * decryption reading it never notices. It checks the size, the hub's digest header and, at the end,
 * the SHA-256 of everything read against what the sender's signed list states.
 */
final class AttachmentDownload extends InputStream {
  private final HubTransport transport;
  private final String path;
  private final Attachment attachment;
  private final TransferListener listener;
  private final MessageDigest sha256 = Messages.sha256();
  private InputStream current;
  private long position;
  private int stalled;
  private boolean done;
  private boolean verified;

  AttachmentDownload(
      HubTransport transport, String requestId, Attachment attachment, TransferListener listener) {
    this.transport = transport;
    this.path =
        "/v1/requests/"
            + HubClient.pathSegment(requestId)
            + "/attachments/"
            + HubClient.pathSegment(attachment.attachmentId());
    this.attachment = attachment;
    this.listener = listener == null ? TransferListener.NONE : listener;
  }

  /** The transfer failed for good; carries the reason for the caller to rethrow. */
  static final class TransferFailedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient HubException reason;

    TransferFailedException(HubException reason) {
      super(reason.getMessage(), null);
      this.reason = reason;
    }

    HubException reason() {
      return reason;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (position == attachment.sealedSize()) {
        finish();
        return -1;
      }
      if (current == null) {
        connect();
      }
      String problem;
      try {
        int n = current.read(b, off, (int) Math.min(len, attachment.sealedSize() - position));
        if (n > 0) {
          sha256.update(b, off, n);
          position += n;
          stalled = 0;
          listener.onProgress(position, attachment.sealedSize());
          return n;
        }
        problem = "the hub's answer ended at byte " + position;
      } catch (IOException e) {
        problem = "the connection broke at byte " + position + ": " + e.getMessage();
      }
      closeCurrent();
      backOff(problem, null);
    }
  }

  /** Opens the download from {@link #position}; retries what may pass. */
  private void connect() throws IOException {
    while (current == null) {
      HttpResponse<InputStream> r;
      try {
        var request = transport.request(path).GET();
        if (position > 0) {
          request.header("Range", "bytes=" + position + "-");
        }
        r = transport.sendOnce(request.build());
      } catch (IOException e) {
        backOff("the hub could not be reached: " + e.getMessage(), null);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransferFailedException(
            new HubUnreachableException("interrupted while downloading an attachment"));
      }
      int status = r.statusCode();
      if (status / 100 != 2) {
        HubException refusal = HubTransport.refusal(r);
        if (status == 429 || status / 100 == 5) {
          backOff(refusal.getMessage(), HubTransport.retryAfter(r));
          continue;
        }
        throw new TransferFailedException(refusal);
      }
      String expectedRange =
          "bytes " + position + "-" + (attachment.sealedSize() - 1) + "/" + attachment.sealedSize();
      boolean ok =
          position == 0
              ? status == 200
              : status == 206
                  && r.headers().firstValue("Content-Range").orElse("").equals(expectedRange);
      ok &=
          r.headers()
              .firstValue("X-Attachment-Digest")
              .orElse(attachment.sealedSha256())
              .equals(attachment.sealedSha256());
      if (!ok) {
        r.body().close();
        throw new TransferFailedException(
            HubClient.answer(
                "the hub served attachment "
                    + attachment.attachmentId()
                    + " with another digest or range than the sender stated"));
      }
      current = r.body();
    }
  }

  /** At the end: the digest decides {@link #verified()}; the caller refuses what did not match. */
  private void finish() {
    if (done) {
      return;
    }
    done = true;
    closeCurrent();
    verified = HexFormat.of().formatHex(sha256.digest()).equals(attachment.sealedSha256());
  }

  /** Whether everything was read and its digest is the one the sender listed. */
  boolean verified() {
    return verified;
  }

  private void backOff(String problem, Duration retryAfter) throws IOException {
    stalled++;
    if (stalled >= transport.retry().maxAttempts()) {
      throw new TransferFailedException(
          new HubUnreachableException(
              "the attachment download made no progress after "
                  + stalled
                  + " attempt(s): "
                  + problem));
    }
    try {
      HubTransport.sleep(transport.retry().backoff(stalled, retryAfter));
    } catch (HubUnreachableException e) {
      throw new TransferFailedException(e);
    }
  }

  private void closeCurrent() {
    InputStream in = current;
    current = null;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // the connection is being abandoned anyway
      }
    }
  }

  @Override
  public void close() {
    closeCurrent();
  }
}
