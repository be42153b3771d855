package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.MerkleFixtures.flip;
import static org.rogatory.crypto.MerkleFixtures.leaf;
import static org.rogatory.crypto.MerkleVectorsTest.assertConsistencyFails;
import static org.rogatory.crypto.MerkleVectorsTest.assertInclusionFails;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Roots and proofs over every small tree, and every way of tampering with them. */
class MerkleTreeTest {
  private static final int ALL_SIZES = 130;
  private static final int TAMPER_SIZES = 33;
  private static final InMemoryTree TREE = MerkleFixtures.tree(ALL_SIZES);
  private static final List<TreeHash> LEAVES = MerkleFixtures.leaves(ALL_SIZES);

  @Test
  void root_ofEverySize_isTheRecursiveDefinition() {
    TreeFrontier frontier = TreeFrontier.empty();
    for (int n = 0; n <= ALL_SIZES; n++) {
      TreeHash expected = MerkleFixtures.referenceRoot(LEAVES.subList(0, n));
      assertThat(TREE.prover().root(n)).as("prover %d", n).isEqualTo(expected);
      assertThat(frontier.root()).as("frontier %d", n).isEqualTo(expected);
      assertThat(TreeFrontier.resume(n, TREE).root()).as("resumed %d", n).isEqualTo(expected);
      if (n < ALL_SIZES) {
        frontier.append(LEAVES.get(n));
      }
    }
  }

  @Test
  void inclusionProof_ofEveryLeafInEverySize_verifiesAndHasLogarithmicLength()
      throws CryptoException {
    for (long n = 1; n <= ALL_SIZES; n++) {
      TreeHash root = TREE.prover().root(n);
      int height = 64 - Long.numberOfLeadingZeros(n - 1);
      for (long i = 0; i < n; i++) {
        InclusionProof proof = TREE.prover().inclusion(i, n);
        proof.verify(LEAVES.get((int) i), root);
        assertThat(proof.path().size()).isLessThanOrEqualTo(height);
      }
    }
  }

  @Test
  void consistencyProof_ofEveryPairOfSizes_verifies() throws CryptoException {
    for (long n = 0; n <= ALL_SIZES; n++) {
      TreeHash to = TREE.prover().root(n);
      for (long m = 0; m <= n; m++) {
        ConsistencyProof proof = TREE.prover().consistency(m, n);
        proof.verify(TREE.prover().root(m), to);
        if (m == 0 || m == n) {
          assertThat(proof.path()).isEmpty();
        }
      }
    }
  }

  @Test
  void inclusionProof_tamperedInAnyWay_fails() {
    for (long n = 1; n <= TAMPER_SIZES; n++) {
      TreeHash root = TREE.prover().root(n);
      for (long i = 0; i < n; i++) {
        List<TreeHash> path = TREE.prover().inclusion(i, n).path();
        TreeHash leaf = LEAVES.get((int) i);
        for (long j = -1; j <= n + 1; j++) {
          if (j != i) {
            assertInclusionFails(j, n, path, leaf, root);
          }
        }
        // Another size of the same shape would lead to the same root (the root does not encode
        // the size; a signed checkpoint binds the two), so only sizes of another height are wrong.
        assertInclusionFails(i, n * 2, path, leaf, root);
        if (n > 1) {
          assertInclusionFails(i, n / 2, path, leaf, root);
        }
        assertInclusionFails(i, 0, path, leaf, root);
        assertInclusionFails(i, n, path, flip(leaf, 0), root);
        assertInclusionFails(i, n, path, leaf, flip(root, 255));
        for (int k = 0; k < path.size(); k++) {
          for (int bit : new int[] {0, 77, 255}) {
            List<TreeHash> wrong = new ArrayList<>(path);
            wrong.set(k, flip(path.get(k), bit));
            assertInclusionFails(i, n, wrong, leaf, root);
          }
          List<TreeHash> shorter = new ArrayList<>(path);
          shorter.remove(k);
          assertInclusionFails(i, n, shorter, leaf, root);
        }
        for (int k = 0; k <= path.size(); k++) {
          List<TreeHash> longer = new ArrayList<>(path);
          longer.add(k, leaf);
          assertInclusionFails(i, n, longer, leaf, root);
        }
        if (path.size() > 1) {
          List<TreeHash> swapped = new ArrayList<>(path);
          swapped.set(0, path.get(1));
          swapped.set(1, path.get(0));
          assertInclusionFails(i, n, swapped, leaf, root);
        }
      }
    }
  }

  @Test
  void consistencyProof_tamperedInAnyWay_fails() {
    for (long n = 1; n <= TAMPER_SIZES; n++) {
      TreeHash to = TREE.prover().root(n);
      for (long m = 1; m < n; m++) {
        TreeHash from = TREE.prover().root(m);
        List<TreeHash> path = TREE.prover().consistency(m, n).path();
        for (long other = 0; other <= n + 1; other++) {
          if (other != m) {
            assertConsistencyFails(other, n, path, from, to);
          }
        }
        // As for inclusion, a second size of the same shape cannot be told apart by the proof.
        assertConsistencyFails(m, n * 2, path, from, to);
        assertConsistencyFails(m, n / 2, path, from, to);
        assertConsistencyFails(m, m, path, from, to);
        assertConsistencyFails(m, n, path, flip(from, 1), to);
        assertConsistencyFails(m, n, path, from, flip(to, 200));
        assertConsistencyFails(m, n, path, to, from);
        for (int k = 0; k < path.size(); k++) {
          for (int bit : new int[] {0, 100, 255}) {
            List<TreeHash> wrong = new ArrayList<>(path);
            wrong.set(k, flip(path.get(k), bit));
            assertConsistencyFails(m, n, wrong, from, to);
          }
          List<TreeHash> shorter = new ArrayList<>(path);
          shorter.remove(k);
          assertConsistencyFails(m, n, shorter, from, to);
        }
        for (int k = 0; k <= path.size(); k++) {
          List<TreeHash> longer = new ArrayList<>(path);
          longer.add(k, from);
          assertConsistencyFails(m, n, longer, from, to);
        }
      }
    }
  }

  @Test
  void consistencyProof_betweenDivergedLogs_fails() {
    InMemoryTree forked = MerkleFixtures.tree(10);
    forked.append(TreeHash.ofLeaf(new byte[] {42}));
    for (long i = 11; i < 20; i++) {
      forked.append(leaf(i));
    }
    // Same first 10 leaves, a different 11th: consistent up to 10, not from 11 on.
    for (long m = 1; m <= 20; m++) {
      List<TreeHash> path = forked.prover().consistency(m, 20).path();
      if (m <= 10) {
        assertThat(m).isPositive();
        TreeHash from = TREE.prover().root(m);
        assertThat(forked.prover().root(m)).isEqualTo(from);
      } else {
        assertConsistencyFails(m, 20, path, TREE.prover().root(m), forked.prover().root(20));
        assertConsistencyFails(
            m,
            20,
            TREE.prover().consistency(m, 20).path(),
            TREE.prover().root(m),
            forked.prover().root(20));
      }
    }
  }

  @Test
  void frontierAppend_reportsEveryCompletedSubtree_whichTheTreeServes() {
    TreeFrontier frontier = TreeFrontier.empty();
    AtomicInteger count = new AtomicInteger();
    for (int i = 0; i < 64; i++) {
      for (TreeNode node : frontier.append(LEAVES.get(i))) {
        assertThat(TREE.node(node.position())).isEqualTo(node.hash());
        count.incrementAndGet();
      }
    }
    // A perfect tree of 64 leaves has 127 nodes.
    assertThat(count).hasValue(127);
    assertThat(frontier.peaks()).hasSize(1);
    assertThat(frontier.peaks().get(0).position()).isEqualTo(new NodePosition(6, 0));
  }

  @Test
  void frontierPeaks_areOnePerSetBitOfTheSize() {
    TreeFrontier f = TreeFrontier.resume(13, TREE);
    assertThat(f.peaks())
        .extracting(TreeNode::position)
        .containsExactly(new NodePosition(3, 0), new NodePosition(2, 2), new NodePosition(0, 12));
    assertThat(f.size()).isEqualTo(13);
  }

  @Test
  void prover_withBadArguments_throws() {
    TreeProver p = TREE.prover();
    assertThatThrownBy(() -> p.inclusion(5, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.inclusion(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.consistency(6, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.root(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.root(ALL_SIZES + 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void prover_asksItsSourceOnceWithLogarithmicallyManyNodes() {
    List<Integer> calls = new ArrayList<>();
    TreeNodeSource counting =
        new TreeNodeSource() {
          @Override
          public TreeHash node(NodePosition position) {
            throw new AssertionError("single lookups are not used");
          }

          @Override
          public List<TreeHash> nodes(List<NodePosition> positions) {
            calls.add(positions.size());
            List<TreeHash> out = new ArrayList<>();
            positions.forEach(p -> out.add(TREE.node(p)));
            return out;
          }
        };
    TreeProver p = TreeProver.over(counting);
    p.inclusion(77, 127);
    p.consistency(77, 127);
    assertThat(calls).hasSize(2).allSatisfy(c -> assertThat(c).isLessThanOrEqualTo(2 * 7));
  }

  @Test
  void treeHash_parsesOnlyCanonicalForms() {
    TreeHash h = leaf(1);
    assertThat(TreeHash.ofBase64(h.toBase64())).isEqualTo(h);
    assertThat(TreeHash.ofHex(h.toHex())).isEqualTo(h);
    String b64 = h.toBase64();
    assertThatThrownBy(() -> TreeHash.ofBase64(b64.substring(0, 43)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeHash.ofBase64(b64.replace('=', 'A')))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TreeHash.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
