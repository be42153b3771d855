package org.rogatory.client;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SignedNote;
import org.rogatory.protocol.ErrorCode;

/**
 * Exports the hub's full history as an audit bundle (docs/spec/audit-bundle.md): the log's verifier
 * keys, every event up to the latest signed checkpoint, and every checkpoint the hub stored up to
 * it (the largest one witnesses cosigned with their cosignatures). Only a party enrolled as an
 * AUDITOR may read the events ({@code 403 AUDITOR_ONLY} otherwise).
 *
 * <p>The export is streamed page by page (at most 1,000 events in memory), so its memory does not
 * grow with the history. It stops at the latest checkpoint's size, so the bundle ends at a position
 * the log signed; later events are in the next export.
 */
public final class AuditExport {
  private static final int PAGE = 1000;
  private final HubClient client;

  AuditExport(HubClient client) {
    this.client = client;
  }

  /** What was exported. */
  public record Summary(long events, long checkpoints, String latestCheckpoint) {}

  record EventAnswer(
      long n,
      String eventId,
      String aggregateType,
      String aggregateId,
      long aggregateSequence,
      String timestamp,
      String payloadType,
      String payloadRevision,
      String payload,
      String metadata,
      String hash) {}

  record EventsAnswer(long start, long end, List<EventAnswer> events) {}

  record CheckpointAnswer(long size, String note) {}

  record CheckpointsAnswer(List<CheckpointAnswer> checkpoints) {}

  record KeysAnswer(String origin, List<String> verifierKeys) {}

  /** Writes the bundle to {@code out} (which it closes). */
  public Summary writeTo(OutputStream out) throws HubException, IOException {
    HubTransport t = client.transport();
    KeysAnswer k = t.call(() -> t.request("/v1/log/keys").GET().build(), true, KeysAnswer.class);
    List<NoteVerifierKey> keys = new ArrayList<>();
    if (k == null || k.verifierKeys() == null || k.verifierKeys().isEmpty()) {
      throw bad("the hub served no log keys");
    }
    try {
      for (String v : k.verifierKeys()) {
        keys.add(NoteVerifierKey.parse(v == null ? "" : v));
      }
    } catch (CryptoException e) {
      throw bad("the hub's log keys do not parse");
    }
    HubLogSource log = new HubLogSource(client);
    String latestNote = log.checkpoint();
    long size;
    try {
      size = Checkpoint.parse(textOf(latestNote)).size();
    } catch (CryptoException e) {
      throw bad("the hub's latest checkpoint does not parse");
    }
    String witnessed = witnessedNote();
    long witnessedSize = -1;
    if (witnessed != null) {
      try {
        witnessedSize = Checkpoint.parse(textOf(witnessed)).size();
      } catch (CryptoException e) {
        throw bad("the hub's witnessed checkpoint does not parse");
      }
    }
    long checkpoints = 0;
    try (AuditBundleWriter w = AuditBundleWriter.create(out, keys)) {
      for (long start = 0; start < size; start += PAGE) {
        long end = Math.min(size, start + PAGE);
        long from = start;
        EventsAnswer page =
            t.call(
                () -> t.request("/v1/audit/events?start=" + from + "&end=" + end).GET().build(),
                true,
                EventsAnswer.class);
        if (page == null || page.events() == null) {
          throw bad("the hub served no events page at " + start);
        }
        // Written as served, gaps included: judging them is the verifier's work, which names the
        // first missing position.
        for (EventAnswer e : page.events()) {
          w.event(event(e));
        }
      }
      long from = 0;
      boolean more = true;
      while (more) {
        long after = from;
        CheckpointsAnswer page =
            t.call(
                () -> t.request("/v1/audit/checkpoints?from=" + after).GET().build(),
                true,
                CheckpointsAnswer.class);
        more = page != null && page.checkpoints() != null && !page.checkpoints().isEmpty();
        if (!more) {
          break;
        }
        for (CheckpointAnswer c : page.checkpoints()) {
          if (c.size() > size) {
            more = false;
            break;
          }
          w.checkpoint(c.size(), c.size() == witnessedSize ? witnessed : c.note());
          checkpoints++;
          from = c.size() + 1;
        }
      }
      w.finish();
    }
    return new Summary(size, checkpoints, latestNote);
  }

  /** The largest checkpoint witnesses cosigned, with their lines, or null if none did. */
  private String witnessedNote() throws HubException {
    try {
      return new HubLogSource(client, true).checkpoint();
    } catch (HubException e) {
      if (e.code() == ErrorCode.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private static String textOf(String note) throws CryptoException {
    return SignedNote.parse(note).text();
  }

  private static AuditEvent event(EventAnswer e) throws HubException {
    if (e == null || e.payload() == null || e.metadata() == null || e.hash() == null) {
      throw bad("the hub served an event without its payload, metadata or hash");
    }
    try {
      Base64.Decoder d = Base64.getDecoder();
      return new AuditEvent(
          e.n(),
          e.eventId(),
          e.aggregateType(),
          e.aggregateId(),
          e.aggregateSequence(),
          e.timestamp(),
          e.payloadType(),
          e.payloadRevision(),
          d.decode(e.payload()),
          d.decode(e.metadata()),
          d.decode(e.hash()));
    } catch (IllegalArgumentException ex) {
      throw bad("the hub served event " + e.n() + " with malformed fields");
    }
  }

  private static HubException bad(String what) {
    return new HubException(ErrorCode.INTERNAL, 200, what, null);
  }
}
