package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A log's Merkle tree held in memory: every perfect subtree hash, level by level. For tests, tools
 * and small logs; the hub keeps the same nodes in its database behind its own {@link
 * TreeNodeSource}. Thread-safe; at most 2^31 - 1 leaves.
 */
public final class InMemoryTree implements TreeNodeSource {
  private final List<List<TreeHash>> levels = new ArrayList<>();
  private final TreeFrontier frontier = TreeFrontier.empty();

  /** Appends a leaf hash (see {@link TreeHash#ofLeaf}) and returns the new tree size. */
  public synchronized long append(TreeHash leafHash) {
    if (frontier.size() == Integer.MAX_VALUE) {
      throw new IllegalStateException("an in-memory tree holds at most 2^31 - 1 leaves");
    }
    for (TreeNode n : frontier.append(Objects.requireNonNull(leafHash, "leafHash"))) {
      int level = n.position().level();
      if (levels.size() == level) {
        levels.add(new ArrayList<>());
      }
      levels.get(level).add(n.hash());
    }
    return frontier.size();
  }

  /** The number of leaves. */
  public synchronized long size() {
    return frontier.size();
  }

  /** The root over all leaves. */
  public synchronized TreeHash root() {
    return frontier.root();
  }

  /**
   * @throws IllegalArgumentException if the subtree is not complete in this tree
   */
  @Override
  public synchronized TreeHash node(NodePosition position) {
    int level = position.level();
    if (level >= levels.size() || position.index() >= levels.get(level).size()) {
      throw new IllegalArgumentException("no complete subtree at " + position);
    }
    return levels.get(level).get((int) position.index());
  }

  /** A prover over this tree. */
  public TreeProver prover() {
    return TreeProver.over(this);
  }
}
