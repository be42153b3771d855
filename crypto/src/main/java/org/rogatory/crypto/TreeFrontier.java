package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The right edge of a growing log's Merkle tree (a "compact range" from leaf 0): one perfect
 * subtree hash per set bit of the tree size, largest first — O(log n) state from which the root
 * follows and to which leaves are appended in O(1) amortised hashing.
 *
 * <p>{@link #append} reports every perfect subtree it completes, so that a store can keep them and
 * later serve proofs through a {@link TreeNodeSource}; {@link #resume} rebuilds the frontier of a
 * stored tree from its O(log n) peaks.
 *
 * <h2>Warning</h2>
 *
 * Unlike most types of this package a frontier is mutable and not thread-safe: confine it to the
 * one writer that appends to the log.
 */
public final class TreeFrontier {
  private long size;
  private final List<TreeNode> peaks;

  private TreeFrontier(long size, List<TreeNode> peaks) {
    this.size = size;
    this.peaks = peaks;
  }

  /** The frontier of the empty tree. */
  public static TreeFrontier empty() {
    return new TreeFrontier(0, new ArrayList<>());
  }

  /**
   * The frontier of the first {@code size} leaves of the tree in {@code nodes}, which must hold
   * them.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   */
  public static TreeFrontier resume(long size, TreeNodeSource nodes) {
    List<NodePosition> positions = peakPositions(size);
    List<TreeHash> hashes = nodes.nodes(positions);
    List<TreeNode> peaks = new ArrayList<>(positions.size());
    for (int i = 0; i < positions.size(); i++) {
      peaks.add(new TreeNode(positions.get(i), Objects.requireNonNull(hashes.get(i))));
    }
    return new TreeFrontier(size, peaks);
  }

  /**
   * The positions of the perfect subtrees that make up the first {@code size} leaves, largest
   * (leftmost) first: one per set bit of {@code size}.
   */
  static List<NodePosition> peakPositions(long size) {
    return TreeProver.cover(0, size);
  }

  /**
   * Appends one leaf hash and returns the perfect subtrees this completes, lowest first: the leaf
   * itself (level 0) and each interior node it closes.
   *
   * @throws IllegalStateException if the tree already holds 2^63 - 1 leaves
   */
  public List<TreeNode> append(TreeHash leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (size == Long.MAX_VALUE) {
      throw new IllegalStateException("the log is full");
    }
    List<TreeNode> completed = new ArrayList<>(2);
    TreeNode node = new TreeNode(new NodePosition(0, size), leafHash);
    completed.add(node);
    size++;
    // Merge while the two rightmost peaks are siblings (equal levels).
    while (!peaks.isEmpty()
        && peaks.get(peaks.size() - 1).position().level() == node.position().level()) {
      TreeNode left = peaks.remove(peaks.size() - 1);
      NodePosition parent =
          new NodePosition(left.position().level() + 1, left.position().index() >>> 1);
      node = new TreeNode(parent, TreeHash.ofNode(left.hash(), node.hash()));
      completed.add(node);
    }
    peaks.add(node);
    return Collections.unmodifiableList(completed);
  }

  /** The number of leaves appended so far. */
  public long size() {
    return size;
  }

  /** The Merkle Tree Hash of the leaves so far (RFC 9162 section 2.1.1). */
  public TreeHash root() {
    if (peaks.isEmpty()) {
      return TreeHash.emptyTree();
    }
    TreeHash root = peaks.get(peaks.size() - 1).hash();
    for (int i = peaks.size() - 2; i >= 0; i--) {
      root = TreeHash.ofNode(peaks.get(i).hash(), root);
    }
    return root;
  }

  /** The perfect subtrees the frontier holds, largest first (a copy). */
  public List<TreeNode> peaks() {
    return List.copyOf(peaks);
  }

  @Override
  public String toString() {
    return "TreeFrontier[size=" + size + ", root=" + root() + "]";
  }
}
