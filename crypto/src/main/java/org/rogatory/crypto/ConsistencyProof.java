package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Merkle consistency proof of RFC 9162 section 2.1.4: the hashes that show the tree of {@link
 * #fromSize()} leaves is a prefix of the tree of {@link #toSize()} leaves — that the log only
 * appended between two tree heads.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #verify} implements RFC 9162 section 2.1.4.2 step by step for {@code 0 < from < to}. The
 * two cases the RFC leaves out are decided strictly: equal sizes are consistent only with an empty
 * proof and equal roots; size 0 only with an empty proof and the empty tree's root as the first
 * root. Anything else — a smaller second size, negative sizes, a path of the wrong length, any
 * wrong hash — fails.
 */
public final class ConsistencyProof {
  /** Longer paths cannot belong to trees of at most 2^63 - 1 leaves. */
  static final int MAX_PATH = 64;

  private final long fromSize;
  private final long toSize;
  private final List<TreeHash> path;

  private ConsistencyProof(long fromSize, long toSize, List<TreeHash> path) {
    this.fromSize = fromSize;
    this.toSize = toSize;
    this.path = path;
  }

  /** A proof as received, unchecked: any values are accepted here and judged by {@link #verify}. */
  public static ConsistencyProof of(long fromSize, long toSize, List<TreeHash> path) {
    return new ConsistencyProof(fromSize, toSize, List.copyOf(path));
  }

  public long fromSize() {
    return fromSize;
  }

  public long toSize() {
    return toSize;
  }

  public List<TreeHash> path() {
    return path;
  }

  /**
   * Checks that the tree of {@link #fromSize()} leaves with root {@code fromRoot} is a prefix of
   * the tree of {@link #toSize()} leaves with root {@code toRoot}.
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} if the proof
   *     does not show that
   */
  public void verify(TreeHash fromRoot, TreeHash toRoot) throws CryptoException {
    Objects.requireNonNull(fromRoot, "fromRoot");
    Objects.requireNonNull(toRoot, "toRoot");
    if (fromSize < 0 || toSize < fromSize || path.size() > MAX_PATH) {
      throw failed();
    }
    if (fromSize == toSize) {
      if (!path.isEmpty() || !fromRoot.equals(toRoot)) {
        throw failed();
      }
      return;
    }
    if (fromSize == 0) {
      if (!path.isEmpty() || !fromRoot.equals(TreeHash.emptyTree())) {
        throw failed();
      }
      return;
    }
    // 1. An empty path fails.
    if (path.isEmpty()) {
      throw failed();
    }
    // 2. If first is an exact power of 2, prepend first_hash.
    List<TreeHash> c = path;
    if (Long.bitCount(fromSize) == 1) {
      c = new ArrayList<>(path.size() + 1);
      c.add(fromRoot);
      c.addAll(path);
    }
    // 3. fn = first - 1, sn = second - 1.
    long fn = fromSize - 1;
    long sn = toSize - 1;
    // 4. Right-shift both while LSB(fn) is set.
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. fr = sr = the first value.
    TreeHash fr = c.get(0);
    TreeHash sr = c.get(0);
    // 6. For each subsequent value:
    for (int i = 1; i < c.size(); i++) {
      TreeHash v = c.get(i);
      // a.
      if (sn == 0) {
        throw failed();
      }
      // b.
      if ((fn & 1) == 1 || fn == sn) {
        fr = TreeHash.ofNode(v, fr);
        sr = TreeHash.ofNode(v, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = TreeHash.ofNode(sr, v);
      }
      // c.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7. fr == first_hash, sr == second_hash, sn == 0. All three are computed before failing.
    boolean ok = fr.equals(fromRoot) & sr.equals(toRoot) & sn == 0;
    if (!ok) {
      throw failed();
    }
  }

  private static CryptoException failed() {
    return new CryptoException(
        CryptoException.Reason.VERIFICATION_FAILED, "the consistency proof does not verify");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsistencyProof other
        && other.fromSize == fromSize
        && other.toSize == toSize
        && other.path.equals(path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fromSize, toSize, path);
  }

  @Override
  public String toString() {
    return "ConsistencyProof[" + fromSize + " to " + toSize + ", " + path.size() + " hashes]";
  }
}
