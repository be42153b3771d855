package org.rogatory.crypto;

import java.util.Objects;

/**
 * A perfect subtree of a log's Merkle tree and its hash: what a {@link TreeFrontier} reports as the
 * log grows and what a {@link TreeNodeSource} stores and returns.
 *
 * @param position where the subtree sits
 * @param hash its Merkle Tree Hash (a leaf hash at level 0)
 */
public record TreeNode(NodePosition position, TreeHash hash) {
  public TreeNode {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(hash, "hash");
  }
}
