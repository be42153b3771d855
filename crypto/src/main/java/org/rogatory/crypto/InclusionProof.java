package org.rogatory.crypto;

import java.util.List;
import java.util.Objects;

/**
 * A Merkle inclusion proof (audit path) of RFC 9162 section 2.1.3: the sibling hashes that link
 * leaf {@link #leafIndex()} to the root of the tree of {@link #treeSize()} leaves. A proof is a
 * claim; it proves something only once {@link #verify} has checked it against a root the caller
 * trusts (for instance from a verified checkpoint).
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #verify} implements RFC 9162 section 2.1.3.2 step by step: it fails for any index outside
 * the tree, any path of the wrong length and any hash that does not lead to the given root. The
 * proof binds the leaf's position as well as its hash.
 */
public final class InclusionProof {
  /** More path elements than this cannot belong to a tree of at most 2^63 - 1 leaves. */
  static final int MAX_PATH = 63;

  private final long leafIndex;
  private final long treeSize;
  private final List<TreeHash> path;

  private InclusionProof(long leafIndex, long treeSize, List<TreeHash> path) {
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = path;
  }

  /**
   * A proof as received, unchecked: any values are accepted here and judged by {@link #verify}.
   *
   * @param path sibling hashes, the leaf's sibling first
   */
  public static InclusionProof of(long leafIndex, long treeSize, List<TreeHash> path) {
    return new InclusionProof(leafIndex, treeSize, List.copyOf(path));
  }

  public long leafIndex() {
    return leafIndex;
  }

  public long treeSize() {
    return treeSize;
  }

  /** The sibling hashes, the leaf's sibling first. */
  public List<TreeHash> path() {
    return path;
  }

  /**
   * The root this proof leads to from {@code leafHash} (RFC 9162 section 2.1.3.2 steps 1 to 4 and
   * the check of {@code sn} in step 5).
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} if the proof
   *     does not fit its index and tree size
   */
  public TreeHash rootFor(TreeHash leafHash) throws CryptoException {
    Objects.requireNonNull(leafHash, "leafHash");
    // 1. leaf_index >= tree_size fails (negative values are not u64 and fail as well).
    if (leafIndex < 0 || treeSize <= 0 || leafIndex >= treeSize || path.size() > MAX_PATH) {
      throw failed();
    }
    // 2. fn = leaf_index, sn = tree_size - 1; 3. r = hash.
    long fn = leafIndex;
    long sn = treeSize - 1;
    TreeHash r = leafHash;
    // 4. For each p in the path:
    for (TreeHash p : path) {
      // a. sn == 0: the path is longer than the tree is high.
      if (sn == 0) {
        throw failed();
      }
      // b. LSB(fn) set or fn == sn: p is a left sibling.
      if ((fn & 1) == 1 || fn == sn) {
        r = TreeHash.ofNode(p, r);
        // ii. Skip the levels where this node has no right sibling.
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = TreeHash.ofNode(r, p);
      }
      // c. Up one level.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. sn must be 0: the path must reach the root.
    if (sn != 0) {
      throw failed();
    }
    return r;
  }

  /**
   * Checks that {@code leafHash} is leaf {@link #leafIndex()} of the tree of {@link #treeSize()}
   * leaves whose root is {@code root} (RFC 9162 section 2.1.3.2).
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} if it is not
   */
  public void verify(TreeHash leafHash, TreeHash root) throws CryptoException {
    Objects.requireNonNull(root, "root");
    if (!rootFor(leafHash).equals(root)) {
      throw failed();
    }
  }

  private static CryptoException failed() {
    return new CryptoException(
        CryptoException.Reason.VERIFICATION_FAILED, "the inclusion proof does not verify");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InclusionProof other
        && other.leafIndex == leafIndex
        && other.treeSize == treeSize
        && other.path.equals(path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(leafIndex, treeSize, path);
  }

  @Override
  public String toString() {
    return "InclusionProof[leaf " + leafIndex + " of " + treeSize + ", " + path.size() + " hashes]";
  }
}
