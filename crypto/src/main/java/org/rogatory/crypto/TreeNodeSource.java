package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a {@link TreeProver} reads the hashes of perfect subtrees: the seam between the Merkle
 * algorithms and storage. The hub backs it with its database, {@link InMemoryTree} with lists.
 *
 * <p>Implementations return only hashes of subtrees whose leaves all exist, and fail with an
 * unchecked exception of their own for any other position. They may answer from untrusted storage:
 * whatever a prover builds from them is checked by whoever verifies the proof.
 */
@FunctionalInterface
public interface TreeNodeSource {

  /**
   * The hash of the perfect subtree at {@code position}.
   *
   * @throws IllegalArgumentException or a storage exception if the subtree is not (yet) stored
   */
  TreeHash node(NodePosition position);

  /**
   * The hashes at {@code positions}, in the same order. Override to fetch them in one round trip; a
   * prover asks for all it needs at once (O(log n) positions per proof).
   */
  default List<TreeHash> nodes(List<NodePosition> positions) {
    List<TreeHash> out = new ArrayList<>(positions.size());
    for (NodePosition p : positions) {
      out.add(node(p));
    }
    return out;
  }
}
