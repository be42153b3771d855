package org.rogatory.crypto;

/**
 * Where a perfect subtree sits in a log's Merkle tree: the node at {@code level} (0 for leaves)
 * with {@code index} counted from the left at that level. It covers the leaves {@code [index *
 * 2^level, (index + 1) * 2^level)}; its hash is the Merkle Tree Hash of those leaves and never
 * changes once they exist, which is why a store can keep it for good.
 *
 * @param level height above the leaves, 0 to 62
 * @param index position among the nodes of that level, from 0
 */
public record NodePosition(int level, long index) {

  /**
   * @throws IllegalArgumentException if the node would lie outside a tree of 2^63 - 1 leaves
   */
  public NodePosition {
    if (level < 0 || level > 62 || index < 0 || index >= (Long.MAX_VALUE >>> level)) {
      throw new IllegalArgumentException("no such node in a log: level " + level + ", " + index);
    }
  }

  /** The first leaf the subtree covers. */
  public long firstLeaf() {
    return index << level;
  }

  /** The number of leaves the subtree covers, {@code 2^level}. */
  public long leafCount() {
    return 1L << level;
  }
}
