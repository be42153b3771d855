package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Computes roots, inclusion proofs and consistency proofs of a log's Merkle tree exactly as RFC
 * 9162 sections 2.1.1, 2.1.3.1 and 2.1.4.1 define them, reading only perfect-subtree hashes from a
 * {@link TreeNodeSource}. Every proof element is the hash of a range of leaves; each range is
 * assembled from at most 63 stored perfect subtrees, and all the subtrees one answer needs are
 * requested from the source in one call.
 *
 * <h2>Security guarantees</h2>
 *
 * None by itself: a prover trusts its source. Proofs are meant to be checked by the other side with
 * {@link InclusionProof#verify} and {@link ConsistencyProof#verify}.
 */
public final class TreeProver {
  private final TreeNodeSource nodes;

  private TreeProver(TreeNodeSource nodes) {
    this.nodes = nodes;
  }

  /** A prover over the subtree hashes in {@code nodes}. */
  public static TreeProver over(TreeNodeSource nodes) {
    return new TreeProver(Objects.requireNonNull(nodes, "nodes"));
  }

  /**
   * The Merkle Tree Hash of the first {@code size} leaves.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public TreeHash root(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    if (size == 0) {
      return TreeHash.emptyTree();
    }
    return resolve(List.of(new Range(0, size))).get(0);
  }

  /**
   * The inclusion proof (audit path) of leaf {@code index} in the tree of the first {@code size}
   * leaves: {@code PATH(index, D[size])} of RFC 9162 section 2.1.3.1.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size}
   */
  public InclusionProof inclusion(long index, long size) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("a leaf index is at least 0 and below the tree size");
    }
    List<Range> ranges = new ArrayList<>();
    path(index, 0, size, ranges);
    return InclusionProof.of(index, size, resolve(ranges));
  }

  /**
   * The consistency proof between the trees of the first {@code from} and the first {@code to}
   * leaves: {@code PROOF(from, D[to])} of RFC 9162 section 2.1.4.1, empty if {@code from} is 0 or
   * equal to {@code to}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= to}
   */
  public ConsistencyProof consistency(long from, long to) {
    if (from < 0 || from > to) {
      throw new IllegalArgumentException("consistency is proven from a size to one not smaller");
    }
    List<Range> ranges = new ArrayList<>();
    if (from > 0 && from < to) {
      subproof(from, 0, to, true, ranges);
    }
    return ConsistencyProof.of(from, to, resolve(ranges));
  }

  // PATH(m, D[start:end]) with m relative to start; deepest element first.
  private static void path(long m, long start, long end, List<Range> out) {
    long n = end - start;
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, start + k, out);
      out.add(new Range(start + k, end));
    } else {
      path(m - k, start + k, end, out);
      out.add(new Range(start, start + k));
    }
  }

  // SUBPROOF(m, D[start:end], b) with m relative to start.
  private static void subproof(long m, long start, long end, boolean whole, List<Range> out) {
    long n = end - start;
    if (m == n) {
      if (!whole) {
        out.add(new Range(start, end));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, start + k, whole, out);
      out.add(new Range(start + k, end));
    } else {
      subproof(m - k, start + k, end, false, out);
      out.add(new Range(start, start + k));
    }
  }

  /** The largest power of two strictly below {@code n}, for {@code n >= 2}. */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /**
   * The perfect subtrees that exactly cover leaves {@code [start, end)}, left to right, each as
   * large as alignment allows.
   */
  static List<NodePosition> cover(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    List<NodePosition> out = new ArrayList<>();
    long at = start;
    while (at < end) {
      int level = 62;
      if (at != 0) {
        level = Math.min(level, Long.numberOfTrailingZeros(at));
      }
      while ((1L << level) > end - at) {
        level--;
      }
      out.add(new NodePosition(level, at >>> level));
      at += 1L << level;
    }
    return out;
  }

  /** The hash of each range, fetching every subtree they need in one call. */
  private List<TreeHash> resolve(List<Range> ranges) {
    List<List<NodePosition>> covers = new ArrayList<>(ranges.size());
    List<NodePosition> all = new ArrayList<>();
    for (Range r : ranges) {
      List<NodePosition> c = cover(r.start(), r.end());
      covers.add(c);
      all.addAll(c);
    }
    List<TreeHash> fetched = nodes.nodes(all);
    if (fetched.size() != all.size()) {
      throw new IllegalStateException("the node source returned the wrong number of hashes");
    }
    List<TreeHash> out = new ArrayList<>(ranges.size());
    int at = 0;
    for (List<NodePosition> c : covers) {
      // MTH of a range is the right fold of its covering subtrees (RFC 9162 split rule).
      int last = at + c.size() - 1;
      TreeHash h = Objects.requireNonNull(fetched.get(last), "node hash");
      for (int i = last - 1; i >= at; i--) {
        h = TreeHash.ofNode(Objects.requireNonNull(fetched.get(i), "node hash"), h);
      }
      out.add(h);
      at += c.size();
    }
    return out;
  }

  private record Range(long start, long end) {}
}
