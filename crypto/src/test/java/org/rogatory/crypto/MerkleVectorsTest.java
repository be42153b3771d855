package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.MerkleFixtures.flip;
import static org.rogatory.crypto.MerkleFixtures.hexList;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 6962 / RFC 9162 reference tree of eight leaves used across Certificate Transparency
 * implementations (vectors/rfc6962-merkle.json, from transparency-dev/merkle): our roots and proofs
 * are theirs, and the same corruptions fail. Public API only.
 */
class MerkleVectorsTest {
  private static final JsonNode V = MerkleFixtures.vectors("rfc6962-merkle.json");
  private static final TreeHash SOME_HASH =
      TreeHash.ofHex("abacaba000000000000000000000000000000000000000000060061e00123456");

  private static List<TreeHash> leafHashes() {
    List<TreeHash> out = new ArrayList<>();
    for (JsonNode l : V.get("leaves")) {
      out.add(TreeHash.ofLeaf(HexFormat.of().parseHex(l.asString())));
    }
    return out;
  }

  private static TreeHash root(long size) {
    return size == 0
        ? TreeHash.ofHex(V.get("empty_root").asString())
        : TreeHash.ofHex(V.get("roots").get((int) size - 1).asString());
  }

  private static InMemoryTree referenceTree() {
    InMemoryTree tree = new InMemoryTree();
    leafHashes().forEach(tree::append);
    return tree;
  }

  @Test
  void emptyTree_isSha256OfNothing() {
    assertThat(TreeHash.emptyTree()).isEqualTo(root(0));
    assertThat(TreeHash.rootOf(List.of())).isEqualTo(root(0));
  }

  @Test
  void roots_ofEveryPrefix_matchTheReference() {
    List<TreeHash> leaves = leafHashes();
    InMemoryTree tree = referenceTree();
    for (int n = 0; n <= 8; n++) {
      assertThat(TreeHash.rootOf(leaves.subList(0, n))).as("size %d", n).isEqualTo(root(n));
      assertThat(tree.prover().root(n)).as("prover, size %d", n).isEqualTo(root(n));
    }
    assertThat(tree.root()).isEqualTo(root(8));
  }

  @Test
  void inclusionProofs_areGeneratedAsTheReference_andVerify() throws CryptoException {
    InMemoryTree tree = referenceTree();
    List<TreeHash> leaves = leafHashes();
    for (JsonNode v : V.get("inclusion")) {
      long index = v.get("leaf_index").asLong();
      long size = v.get("tree_size").asLong();
      InclusionProof expected = InclusionProof.of(index, size, hexList(v.get("path")));

      assertThat(tree.prover().inclusion(index, size)).isEqualTo(expected);
      expected.verify(leaves.get((int) index), root(size));
    }
  }

  @Test
  void consistencyProofs_areGeneratedAsTheReference_andVerify() throws CryptoException {
    InMemoryTree tree = referenceTree();
    for (JsonNode v : V.get("consistency")) {
      long from = v.get("from").asLong();
      long to = v.get("to").asLong();
      ConsistencyProof expected = ConsistencyProof.of(from, to, hexList(v.get("path")));

      assertThat(tree.prover().consistency(from, to)).isEqualTo(expected);
      expected.verify(root(from), root(to));
    }
  }

  @Test
  void inclusionProofs_corruptedAsInTheReferenceSuite_fail() {
    List<TreeHash> leaves = leafHashes();
    for (JsonNode v : V.get("inclusion")) {
      long i = v.get("leaf_index").asLong();
      long n = v.get("tree_size").asLong();
      List<TreeHash> path = hexList(v.get("path"));
      TreeHash leaf = leaves.get((int) i);
      TreeHash root = root(n);

      assertInclusionFails(i - 1, n, path, leaf, root);
      assertInclusionFails(i + 1, n, path, leaf, root);
      assertInclusionFails(i ^ 2, n, path, leaf, root);
      assertInclusionFails(i, n * 2, path, leaf, root);
      assertInclusionFails(i, n / 2, path, leaf, root);
      assertInclusionFails(
          i, n, path, TreeHash.ofLeaf("WrongLeaf".getBytes(StandardCharsets.US_ASCII)), root);
      assertInclusionFails(i, n, path, leaf, TreeHash.emptyTree());
      assertInclusionFails(i, n, path, leaf, SOME_HASH);
      assertInclusionFails(i, n, append(path, root), leaf, root);
      assertInclusionFails(i, n, prepend(root, path), leaf, root);
      assertInclusionFails(i, n, append(path, TreeHash.emptyTree()), leaf, root);
      for (int k = 0; k < path.size(); k++) {
        List<TreeHash> wrong = new ArrayList<>(path);
        wrong.set(k, flip(path.get(k), 3));
        assertInclusionFails(i, n, wrong, leaf, root);
      }
      if (!path.isEmpty()) {
        assertInclusionFails(i, n, path.subList(0, path.size() - 1), leaf, root);
      }
      if (path.size() > 1) {
        List<TreeHash> inserted = new ArrayList<>(path);
        inserted.add(1, SOME_HASH);
        assertInclusionFails(i, n, inserted, leaf, root);
      }
    }
  }

  @Test
  void consistencyProofs_corruptedAsInTheReferenceSuite_fail() {
    for (JsonNode v : V.get("consistency")) {
      long m = v.get("from").asLong();
      long n = v.get("to").asLong();
      List<TreeHash> path = hexList(v.get("path"));
      if (path.isEmpty()) {
        continue;
      }
      TreeHash r1 = root(m);
      TreeHash r2 = root(n);
      assertConsistencyFails(m - 1, n, path, r1, r2);
      assertConsistencyFails(m + 1, n, path, r1, r2);
      assertConsistencyFails(m ^ 2, n, path, r1, r2);
      assertConsistencyFails(m, n * 2, path, r1, r2);
      assertConsistencyFails(m, n / 2, path, r1, r2);
      assertConsistencyFails(m, n, path, SOME_HASH, r2);
      assertConsistencyFails(m, n, path, r1, SOME_HASH);
      assertConsistencyFails(m, n, path, r2, r1);
      assertConsistencyFails(m, n, List.of(), r1, r2);
      assertConsistencyFails(m, n, append(path, TreeHash.emptyTree()), r1, r2);
      assertConsistencyFails(m, n, append(path, r1), r1, r2);
      assertConsistencyFails(m, n, append(path, r2), r1, r2);
      assertConsistencyFails(m, n, prepend(TreeHash.emptyTree(), path), r1, r2);
      assertConsistencyFails(m, n, prepend(r1, path), r1, r2);
      assertConsistencyFails(m, n, prepend(r2, path), r1, r2);
      assertConsistencyFails(m, n, prepend(path.get(0), path), r1, r2);
      assertConsistencyFails(m, n, path.subList(0, path.size() - 1), r1, r2);
      for (int k = 0; k < path.size(); k++) {
        List<TreeHash> wrong = new ArrayList<>(path);
        wrong.set(k, flip(path.get(k), 4));
        assertConsistencyFails(m, n, wrong, r1, r2);
      }
    }
  }

  @Test
  void consistency_edgeCasesOfTheReferenceSuite_areDecidedStrictly() throws CryptoException {
    TreeHash a = SOME_HASH;
    TreeHash b = flip(SOME_HASH, 0);
    TreeHash empty = TreeHash.emptyTree();
    // Consistent by definition: same size and root; the empty tree with anything.
    ConsistencyProof.of(0, 0, List.of()).verify(empty, empty);
    ConsistencyProof.of(1, 1, List.of()).verify(b, b);
    ConsistencyProof.of(0, 1, List.of()).verify(empty, b);
    // Different roots at one size; travelling back in time; empty proof for a real pair.
    assertConsistencyFails(0, 0, List.of(), a, b);
    assertConsistencyFails(1, 1, List.of(), a, b);
    assertConsistencyFails(1, 0, List.of(), a, b);
    assertConsistencyFails(2, 1, List.of(), a, b);
    assertConsistencyFails(1, 2, List.of(), a, b);
    assertConsistencyFails(0, 0, List.of(), empty, b);
    // Equal roots but a proof that should be empty.
    assertConsistencyFails(0, 0, List.of(empty), empty, empty);
    assertConsistencyFails(0, 1, List.of(empty), empty, empty);
    assertConsistencyFails(1, 1, List.of(empty), empty, empty);
    // Size 0 claims the empty tree's root.
    assertConsistencyFails(0, 1, List.of(), a, b);
  }

  @Test
  void inclusion_edgeCasesOfTheReferenceSuite_fail() {
    for (long[] p : new long[][] {{0, 0}, {0, 1}, {1, 0}, {2, 1}}) {
      assertInclusionFails(p[0], p[1], List.of(), SOME_HASH, TreeHash.emptyTree());
    }
    assertInclusionFails(-1, 8, List.of(), SOME_HASH, SOME_HASH);
  }

  private static List<TreeHash> append(List<TreeHash> path, TreeHash extra) {
    List<TreeHash> out = new ArrayList<>(path);
    out.add(extra);
    return out;
  }

  private static List<TreeHash> prepend(TreeHash extra, List<TreeHash> path) {
    List<TreeHash> out = new ArrayList<>();
    out.add(extra);
    out.addAll(path);
    return out;
  }

  static void assertInclusionFails(
      long index, long size, List<TreeHash> path, TreeHash leaf, TreeHash root) {
    assertThatThrownBy(() -> InclusionProof.of(index, size, path).verify(leaf, root))
        .as("inclusion of %d in %d with %d hashes", index, size, path.size())
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.VERIFICATION_FAILED));
  }

  static void assertConsistencyFails(
      long from, long to, List<TreeHash> path, TreeHash fromRoot, TreeHash toRoot) {
    assertThatThrownBy(() -> ConsistencyProof.of(from, to, path).verify(fromRoot, toRoot))
        .as("consistency %d to %d with %d hashes", from, to, path.size())
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.VERIFICATION_FAILED));
  }
}
