package org.rogatory.client;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.protocol.ErrorCode;

/**
 * The hub's log API (docs/spec/transparency-log.md section 3) as a {@link LogAudit.Source}, and its
 * witness API (section 3.1) as a {@link Witness.Log}.
 */
final class HubLogSource implements Witness.Log {
  private static final int MAX_NOTE = 1 << 20;
  private final HubClient client;
  private final boolean witnessed;

  HubLogSource(HubClient client) {
    this(client, false);
  }

  /** With {@code witnessed}, the checkpoint is the largest one witnesses cosigned, with them. */
  HubLogSource(HubClient client, boolean witnessed) {
    this.client = client;
    this.witnessed = witnessed;
  }

  record LeafAnswer(long index, String eventHash, String leafHash) {}

  record LeavesAnswer(long start, long end, List<LeafAnswer> leaves) {}

  record CosignatureAnswer(long treeSize, String witness, boolean stored) {}

  record ConsistencyAnswer(long fromSize, long toSize, List<String> consistencyPath) {}

  @Override
  public String checkpoint() throws HubException {
    HubTransport t = client.transport();
    try {
      return t.exchange(
          () ->
              t.request(witnessed ? "/v1/log/checkpoint?witnessed=true" : "/v1/log/checkpoint")
                  .header("Accept", "text/plain")
                  .GET()
                  .build(),
          true,
          (response, body) -> {
            byte[] note = body.readNBytes(MAX_NOTE + 1);
            if (note.length > MAX_NOTE) {
              throw new IOException("the checkpoint is larger than 1 MiB");
            }
            return new String(note, StandardCharsets.UTF_8);
          });
    } catch (IOException e) {
      throw new HubException(
          ErrorCode.INTERNAL,
          200,
          "the hub's checkpoint could not be read: " + e.getMessage(),
          null);
    }
  }

  @Override
  public List<LogAudit.Leaf> leaves(long start, long end) throws HubException {
    HubTransport t = client.transport();
    LeavesAnswer a =
        t.call(
            () -> t.request("/v1/log/leaves?start=" + start + "&end=" + end).GET().build(),
            true,
            LeavesAnswer.class);
    List<LogAudit.Leaf> out = new ArrayList<>();
    if (a != null && a.leaves() != null) {
      for (LeafAnswer l : a.leaves()) {
        out.add(new LogAudit.Leaf(l.index(), bytes(l.eventHash()), hash(l.leafHash())));
      }
    }
    return out;
  }

  @Override
  public List<TreeHash> consistency(long from, long to) throws HubException {
    HubTransport t = client.transport();
    ConsistencyAnswer a =
        t.call(
            () -> t.request("/v1/log/proof/consistency?from=" + from + "&to=" + to).GET().build(),
            true,
            ConsistencyAnswer.class);
    List<TreeHash> path = new ArrayList<>();
    if (a != null && a.consistencyPath() != null) {
      for (String h : a.consistencyPath()) {
        TreeHash hash = hash(h);
        if (hash != null) {
          path.add(hash);
        }
      }
    }
    return path;
  }

  @Override
  public boolean submitCosignature(String cosignedNote) throws HubException {
    HubTransport t = client.transport();
    CosignatureAnswer a =
        t.call(
            () ->
                t.request("/v1/log/cosignatures")
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(cosignedNote, StandardCharsets.UTF_8))
                    .build(),
            true, // the hub keeps the first cosignature per witness and size: safe to repeat
            CosignatureAnswer.class);
    return a != null && a.stored();
  }

  /** Registers (or replaces) the calling party's witness key; repeating it changes nothing. */
  void registerWitnessKey(NoteVerifierKey key) throws HubException {
    HubTransport t = client.transport();
    t.call(
        () ->
            t.request("/v1/log/witness-key")
                .header("Content-Type", "text/plain; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(key.encode(), StandardCharsets.UTF_8))
                .build(),
        true,
        Void.class);
  }

  /** Decoded bytes, or null if not base64 (the audit reports that leaf). */
  private static byte[] bytes(String base64) {
    try {
      return base64 == null ? null : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static TreeHash hash(String base64) {
    byte[] b = bytes(base64);
    return b == null || b.length != TreeHash.LENGTH ? null : TreeHash.of(b);
  }
}
