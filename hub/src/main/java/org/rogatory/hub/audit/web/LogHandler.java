package org.rogatory.hub.audit.web;

import java.util.ArrayList;
import java.util.List;
import org.rogatory.crypto.ConsistencyProof;
import org.rogatory.crypto.InclusionProof;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NodePosition;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeNodeSource;
import org.rogatory.crypto.TreeProver;
import org.rogatory.hub.audit.log.CosignatureStore;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.protocol.ErrorCode;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The transparency log's read API (docs/spec/transparency-log.md section 3), open to every
 * authenticated caller: the latest or a past signed checkpoint, the log's verifier keys, inclusion
 * and consistency proofs up to the latest checkpoint, and ranges of leaves; with {@code
 * witnessed=true}, a checkpoint with its witnesses' cosignature lines. Proofs and leaves between
 * published sizes never change and are served as immutable.
 */
@RestController
class LogHandler {
  static final int MAX_LEAVES = 1000;
  private static final MediaType NOTE =
      new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);
  private static final CacheControl IMMUTABLE =
      CacheControl.maxAge(java.time.Duration.ofDays(365)).cachePrivate().immutable();

  private final LogStore store;
  private final EventLog events;
  private final LogSigningKey key;
  private final CosignatureStore cosignatures;

  LogHandler(LogStore store, EventLog events, LogSigningKey key, CosignatureStore cosignatures) {
    this.store = store;
    this.events = events;
    this.key = key;
    this.cosignatures = cosignatures;
  }

  record LogKeysView(String origin, List<String> verifierKeys) {}

  record InclusionProofView(
      long leafIndex, long treeSize, String leafHash, List<String> inclusionPath) {}

  record ConsistencyProofView(long fromSize, long toSize, List<String> consistencyPath) {}

  record LeafView(long index, String eventHash, String leafHash) {}

  record LeavesView(long start, long end, List<LeafView> leaves) {}

  @GetMapping("/v1/log/checkpoint")
  Mono<ResponseEntity<String>> checkpoint(
      @RequestParam(name = "size", required = false) Long size,
      @RequestParam(name = "witnessed", defaultValue = "false") boolean witnessed) {
    if (witnessed) {
      return Blocking.call(() -> witnessed(size));
    }
    return Blocking.call(
        () -> {
          LogStore.PublishedCheckpoint c =
              (size == null ? store.latest() : store.at(size))
                  .orElseThrow(
                      () ->
                          new ApiException(
                              ErrorCode.NOT_FOUND,
                              size == null
                                  ? "no checkpoint is published yet; retry in a few seconds"
                                  : "no checkpoint was published at size " + size));
          return ResponseEntity.ok()
              .contentType(NOTE)
              .cacheControl(size == null ? CacheControl.noCache() : IMMUTABLE)
              .body(c.note());
        });
  }

  /**
   * The checkpoint of {@code size}, or the largest one any witness cosigned, with the stored
   * cosignature lines after the log's own (at most as many as a note may hold).
   */
  private ResponseEntity<String> witnessed(Long size) {
    long s =
        size != null
            ? size
            : cosignatures
                .largestCosigned()
                .orElseThrow(
                    () ->
                        new ApiException(
                            ErrorCode.NOT_FOUND,
                            "no witness has cosigned a checkpoint yet; ask without witnessed"));
    LogStore.PublishedCheckpoint c =
        store
            .at(s)
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.NOT_FOUND, "no checkpoint was published at size " + s));
    StringBuilder note = new StringBuilder(c.note());
    int room = org.rogatory.crypto.SignedNote.MAX_SIGNATURES - key.verifierKeys().size();
    java.util.Set<String> served = new java.util.HashSet<>();
    for (CosignatureStore.Cosignature cs : cosignatures.of(s)) {
      if (room <= 0) {
        break;
      }
      if (served.add(cs.line())) { // a line is served once, whoever submitted it
        note.append(cs.line());
        room--;
      }
    }
    return ResponseEntity.ok()
        .contentType(NOTE)
        .cacheControl(CacheControl.noCache())
        .body(note.toString());
  }

  @GetMapping("/v1/log/keys")
  LogKeysView keys() {
    return new LogKeysView(
        key.origin(), key.verifierKeys().stream().map(NoteVerifierKey::encode).toList());
  }

  @GetMapping("/v1/log/proof/inclusion")
  Mono<ResponseEntity<InclusionProofView>> inclusion(
      @RequestParam("index") long index, @RequestParam("size") long size) {
    return Blocking.call(
        () -> {
          requireWithinLatest(size);
          if (index < 0 || index >= size) {
            throw new ApiException(
                ErrorCode.INVALID_FIELD, "index must be at least 0 and below size " + size);
          }
          LeafAlong source = new LeafAlong(store, new NodePosition(0, index));
          InclusionProof p = TreeProver.over(source).inclusion(index, size);
          TreeHash leaf = source.leaf();
          return ResponseEntity.ok()
              .cacheControl(IMMUTABLE)
              .body(
                  new InclusionProofView(
                      p.leafIndex(), p.treeSize(), leaf.toBase64(), base64(p.path())));
        });
  }

  @GetMapping("/v1/log/proof/consistency")
  Mono<ResponseEntity<ConsistencyProofView>> consistency(
      @RequestParam("from") long from, @RequestParam("to") long to) {
    return Blocking.call(
        () -> {
          requireWithinLatest(to);
          if (from < 0 || from > to) {
            throw new ApiException(
                ErrorCode.INVALID_FIELD, "from must be between 0 and to (" + to + ")");
          }
          ConsistencyProof p = TreeProver.over(store).consistency(from, to);
          return ResponseEntity.ok()
              .cacheControl(IMMUTABLE)
              .body(new ConsistencyProofView(p.fromSize(), p.toSize(), base64(p.path())));
        });
  }

  @GetMapping("/v1/log/leaves")
  Mono<ResponseEntity<LeavesView>> leaves(
      @RequestParam("start") long start, @RequestParam("end") long end) {
    return Blocking.call(
        () -> {
          requireWithinLatest(end);
          if (start < 0 || start > end || end - start > MAX_LEAVES) {
            throw new ApiException(
                ErrorCode.INVALID_FIELD,
                "start must be between 0 and end, and at most " + MAX_LEAVES + " leaves apart");
          }
          List<NodePosition> positions = new ArrayList<>();
          for (long i = start; i < end; i++) {
            positions.add(new NodePosition(0, i));
          }
          List<TreeHash> leafHashes = store.nodes(positions);
          List<LeafView> out = new ArrayList<>();
          if (end > start) {
            for (StoredEvent e : events.readFrom(start, (int) (end - start))) {
              long i = e.globalSequence();
              if (i >= start && i < end) {
                out.add(
                    new LeafView(
                        i,
                        java.util.Base64.getEncoder().encodeToString(e.hash()),
                        leafHashes.get((int) (i - start)).toBase64()));
              }
            }
          }
          return ResponseEntity.ok().cacheControl(IMMUTABLE).body(new LeavesView(start, end, out));
        });
  }

  private void requireWithinLatest(long size) {
    if (size < 0 || (size > 0 && !store.publishedAtLeast(size))) {
      long latest = store.latest().map(LogStore.PublishedCheckpoint::size).orElse(0L);
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          "the size must be between 0 and the latest checkpoint's size, " + latest);
    }
  }

  /**
   * A node source that fetches one more node, the proven leaf, with the proof's own nodes: one
   * query to the store for the whole answer.
   */
  private static final class LeafAlong implements TreeNodeSource {
    private final TreeNodeSource nodes;
    private final NodePosition leafPosition;
    private TreeHash leaf;

    LeafAlong(TreeNodeSource nodes, NodePosition leafPosition) {
      this.nodes = nodes;
      this.leafPosition = leafPosition;
    }

    @Override
    public TreeHash node(NodePosition position) {
      return nodes(List.of(position)).get(0);
    }

    @Override
    public List<TreeHash> nodes(List<NodePosition> positions) {
      List<NodePosition> with = new ArrayList<>(positions.size() + 1);
      with.addAll(positions);
      with.add(leafPosition);
      List<TreeHash> fetched = nodes.nodes(with);
      leaf = fetched.get(positions.size());
      return fetched.subList(0, positions.size());
    }

    /** The leaf's hash, fetched along or now. */
    TreeHash leaf() {
      return leaf != null ? leaf : nodes.node(leafPosition);
    }
  }

  private static List<String> base64(List<TreeHash> hashes) {
    return hashes.stream().map(TreeHash::toBase64).toList();
  }
}
