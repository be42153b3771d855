package org.rogatory.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Trees, leaves and vector files shared by the Merkle and checkpoint tests. */
final class MerkleFixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MerkleFixtures() {}

  /** The leaf hash of the test entry {@code i}: the ASCII text "leaf i". */
  static TreeHash leaf(long i) {
    return TreeHash.ofLeaf(("leaf " + i).getBytes(StandardCharsets.US_ASCII));
  }

  static InMemoryTree tree(long size) {
    InMemoryTree tree = new InMemoryTree();
    for (long i = 0; i < size; i++) {
      tree.append(leaf(i));
    }
    return tree;
  }

  /** The Merkle Tree Hash straight from the recursive definition of RFC 9162 section 2.1.1. */
  static TreeHash referenceRoot(List<TreeHash> leaves) {
    int n = leaves.size();
    if (n == 0) {
      return TreeHash.emptyTree();
    }
    if (n == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(n - 1);
    return TreeHash.ofNode(
        referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, n)));
  }

  static List<TreeHash> leaves(long size) {
    List<TreeHash> out = new ArrayList<>();
    for (long i = 0; i < size; i++) {
      out.add(leaf(i));
    }
    return out;
  }

  /** A test resource under {@code vectors/}, parsed. */
  static JsonNode vectors(String name) {
    try (InputStream in = MerkleFixtures.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource vectors/" + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<TreeHash> hexList(JsonNode array) {
    List<TreeHash> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(TreeHash.ofHex(n.asString()));
    }
    return out;
  }

  /** A copy of {@code hash} with one bit flipped. */
  static TreeHash flip(TreeHash hash, int bit) {
    byte[] b = hash.toBytes();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return TreeHash.of(b);
  }
}
