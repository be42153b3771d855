package org.rogatory.client;

import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.ConsistencyProof;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.InMemoryTree;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeProver;
import org.rogatory.protocol.ErrorCode;

/**
 * An auditor's check of the hub's transparency log (docs/spec/transparency-log.md section 4): the
 * latest checkpoint's signatures, its consistency with a checkpoint saved earlier, and every leaf
 * recomputed from its event hash and the whole tree recomputed to the checkpoint's root. The first
 * discrepancy is reported precisely: a leaf the log serves with a hash its event hash does not
 * give, a missing leaf, or — when the leaves do not give the signed root — the first leaf from
 * which the recomputed tree stops being consistent with the checkpoint (found with O(log n)
 * consistency proofs).
 *
 * <h2>Security guarantees</h2>
 *
 * A successful audit proves that the leaves served are exactly the signed tree, and that this tree
 * extends the saved checkpoint: a truncated, rewritten or forked history fails. The checkpoint is
 * verified against the pinned log keys only.
 *
 * <h2>Warning</h2>
 *
 * The log API serves each event's chain hash, not the event: this audit checks the tree, not that
 * the events' contents give those hashes (that needs the events, event-chain.md). Keep the latest
 * verified checkpoint (the CLI's {@code --state FILE}) and compare it with other parties: only then
 * is a split view caught.
 */
public final class LogAudit {
  private static final int PAGE = 1000;

  /** Where the log is read from: the hub's log API, or anything that serves the same. */
  public interface Source {
    /** The latest signed checkpoint note. */
    String checkpoint() throws HubException;

    /** Leaves {@code start} (inclusive) to {@code end} (exclusive), at most 1,000. */
    List<Leaf> leaves(long start, long end) throws HubException;

    /** The RFC 9162 consistency path between the trees of {@code from} and {@code to} leaves. */
    List<TreeHash> consistency(long from, long to) throws HubException;
  }

  /**
   * One leaf as the log serves it.
   *
   * @param index its index
   * @param eventHash the chain hash of its event
   * @param leafHash the leaf hash the log states, or null
   */
  public record Leaf(long index, byte[] eventHash, TreeHash leafHash) {}

  /**
   * What an audit established.
   *
   * @param checkpoint the latest checkpoint, verified, whose every leaf was recomputed
   * @param note its signed note, to keep for the next audit
   * @param previous the saved checkpoint it was shown consistent with, or null
   */
  public record Report(Checkpoint checkpoint, String note, Checkpoint previous) {}

  private final Source source;
  private final CheckpointVerifier verifier;
  private final CheckpointVerifier latestVerifier;
  private final String origin;

  private LogAudit(
      Source source,
      CheckpointVerifier verifier,
      CheckpointVerifier latestVerifier,
      String origin) {
    this.source = source;
    this.verifier = verifier;
    this.latestVerifier = latestVerifier;
    this.origin = origin;
  }

  /**
   * An audit of {@code source} against the log's pinned {@code logKeys} (named with its origin).
   */
  public static LogAudit of(Source source, List<NoteVerifierKey> logKeys) {
    Objects.requireNonNull(source, "source");
    if (logKeys == null || logKeys.isEmpty()) {
      throw new IllegalArgumentException("pin the log's verifier keys to audit it");
    }
    String origin = logKeys.get(0).name();
    CheckpointVerifier verifier = CheckpointVerifier.forLog(origin, logKeys);
    return new LogAudit(source, verifier, verifier, origin);
  }

  /**
   * This audit, additionally requiring the latest checkpoint the source serves to be cosigned by at
   * least {@code quorum} of {@code witnesses} (tlog-cosignature v1 keys configured by the auditor,
   * not taken from the hub). Saved and compared checkpoints need only the log's signatures.
   *
   * @throws IllegalArgumentException if a key is not a cosignature key or the quorum is outside 1
   *     to the number of witnesses
   */
  public LogAudit requireWitnesses(int quorum, List<NoteVerifierKey> witnesses) {
    if (quorum < 1) {
      throw new IllegalArgumentException("a witness quorum is at least 1");
    }
    return new LogAudit(source, verifier, verifier.withWitnesses(quorum, witnesses), origin);
  }

  /** The log's origin, as named by the pinned keys. */
  public String origin() {
    return origin;
  }

  /**
   * Audits the log.
   *
   * @param previousCheckpoint a checkpoint note verified earlier, or null
   * @throws LogAuditException at the first discrepancy
   * @throws HubException if the hub refused a call
   */
  public Report verify(String previousCheckpoint) throws LogAuditException, HubException {
    String note = source.checkpoint();
    Checkpoint latest;
    try {
      latest = latestVerifier.verify(note);
    } catch (CryptoException e) {
      throw new LogAuditException(
          -1,
          "the latest checkpoint does not verify against the log and witness keys: "
              + e.getMessage());
    }
    Checkpoint previous =
        previousCheckpoint == null ? null : checkpoint(previousCheckpoint, "the saved checkpoint");
    long n = latest.size();
    if (previous != null) {
      if (previous.size() > n) {
        throw new LogAuditException(
            -1,
            "the log shrank: the saved checkpoint has "
                + previous.size()
                + " leaves, the latest only "
                + n);
      }
      if (!consistent(previous.size(), previous.root(), latest)) {
        throw new LogAuditException(
            -1,
            "the latest checkpoint (size "
                + n
                + ") is not consistent with the saved one (size "
                + previous.size()
                + "): the log was rewritten or forked");
      }
    }
    InMemoryTree tree = new InMemoryTree();
    for (long start = 0; start < n; start += PAGE) {
      long end = Math.min(n, start + PAGE);
      List<Leaf> leaves = source.leaves(start, end);
      for (int i = 0; i < end - start; i++) {
        long index = start + i;
        if (i >= leaves.size() || leaves.get(i).index() != index) {
          throw new LogAuditException(
              index, "leaf " + index + " is missing from what the log serves");
        }
        Leaf leaf = leaves.get(i);
        if (leaf.eventHash() == null || leaf.eventHash().length != TreeHash.LENGTH) {
          throw new LogAuditException(
              index, "leaf " + index + ": the log serves no valid event hash");
        }
        TreeHash computed = EventLeaf.hash(index, leaf.eventHash());
        if (leaf.leafHash() != null && !leaf.leafHash().equals(computed)) {
          throw new LogAuditException(
              index,
              "leaf "
                  + index
                  + ": the log serves leaf hash "
                  + leaf.leafHash().toBase64()
                  + ", but its event hash gives "
                  + computed.toBase64());
        }
        tree.append(computed);
      }
    }
    TreeProver prover = tree.prover();
    if (!tree.root().equals(latest.root())) {
      long first = firstInconsistentPrefix(prover, latest);
      throw new LogAuditException(
          first - 1,
          "leaf "
              + (first - 1)
              + " is the first that does not match the signed checkpoint of size "
              + n
              + ": the leaves from there on are not the ones the log signed");
    }
    if (previous != null && !prover.root(previous.size()).equals(previous.root())) {
      throw new LogAuditException(
          previous.size() - 1,
          "the first " + previous.size() + " leaves do not give the saved checkpoint's root");
    }
    return new Report(latest, note, previous);
  }

  /**
   * Compares a checkpoint this side holds with one met elsewhere (another party's, a gossip file, a
   * witness-cosigned one): both must verify against the log keys, and the smaller must be a prefix
   * of the larger — the same root at the same size, or a valid consistency proof from the hub.
   *
   * @param ours a signed checkpoint verified earlier (for instance from {@link CheckpointStore})
   * @param theirs the other signed checkpoint
   * @return the larger of the two, verified
   * @throws SplitViewException if they contradict each other; it carries both notes
   * @throws LogAuditException if either does not verify (an unsigned checkpoint proves nothing)
   * @throws HubException if the hub refused a call for another reason than the sizes
   */
  public Checkpoint compare(String ours, String theirs)
      throws SplitViewException, LogAuditException, HubException {
    Checkpoint a = checkpoint(ours, "the checkpoint held");
    Checkpoint b = checkpoint(theirs, "the other checkpoint");
    if (a.size() == b.size()) {
      if (!a.root().equals(b.root())) {
        throw new SplitViewException(
            ours,
            theirs,
            true,
            "the log signed two different roots for size "
                + a.size()
                + " ("
                + a.root().toBase64()
                + " and "
                + b.root().toBase64()
                + "): it shows different histories to different parties");
      }
      return a;
    }
    Checkpoint small = a.size() < b.size() ? a : b;
    Checkpoint large = small == a ? b : a;
    boolean consistent;
    try {
      consistent = consistent(small.size(), small.root(), large);
    } catch (HubException e) {
      if (e.code() != ErrorCode.INVALID_FIELD) {
        throw e;
      }
      // The hub says the size is beyond its latest checkpoint. It may have signed it a moment ago:
      // ask for its latest; if that covers the size, the proof must be given now.
      Checkpoint now = checkpoint(source.checkpoint(), "the hub's latest checkpoint");
      // Otherwise the hub denies a tree of a size it signed: it keeps another history elsewhere.
      consistent = now.size() >= large.size() && consistent(small.size(), small.root(), large);
    }
    if (!consistent) {
      throw new SplitViewException(
          ours,
          theirs,
          false,
          "the hub cannot prove that its checkpoint of size "
              + large.size()
              + " extends its checkpoint of size "
              + small.size()
              + ": it signed two histories that fork");
    }
    return large;
  }

  /** Verifies a signed checkpoint against the pinned log keys. */
  Checkpoint checkpoint(String note, String what) throws LogAuditException {
    try {
      return verifier.verify(note);
    } catch (CryptoException e) {
      throw new LogAuditException(
          -1, what + " does not verify against the log keys: " + e.getMessage());
    }
  }

  private boolean consistent(long size, TreeHash root, Checkpoint latest) throws HubException {
    try {
      ConsistencyProof.of(size, latest.size(), source.consistency(size, latest.size()))
          .verify(root, latest.root());
      return true;
    } catch (CryptoException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The smallest m whose recomputed prefix is not consistent with the checkpoint (1..size). */
  private long firstInconsistentPrefix(TreeProver prover, Checkpoint latest) throws HubException {
    long lo = 1;
    long hi = latest.size(); // the whole tree is inconsistent (its root differs)
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (consistent(mid, prover.root(mid), latest)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
