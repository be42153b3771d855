package org.rogatory.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.rogatory.crypto.internal.Sha256;

/**
 * A 32-byte SHA-256 hash in a Merkle tree of RFC 9162 (Certificate Transparency version 2) section
 * 2.1: a leaf hash, an interior node hash or a tree root. The factory methods are the tree's hash
 * functions, so that every Rogatory component — hub, SDK, auditor — hashes the log the same way as
 * any other RFC 9162 implementation.
 *
 * <ul>
 *   <li>{@link #ofLeaf}: {@code SHA-256(0x00 || entry)}
 *   <li>{@link #ofNode}: {@code SHA-256(0x01 || left || right)}
 *   <li>{@link #emptyTree}: {@code SHA-256()}, the root of a tree with no leaves
 * </ul>
 *
 * <h2>Security guarantees</h2>
 *
 * The distinct prefixes for leaves and nodes make a leaf hash impossible to pass off as a node hash
 * (second-preimage resistance of the tree, RFC 9162 section 2.1.1). Instances are immutable.
 */
public final class TreeHash {
  /** Length of every hash, in bytes. */
  public static final int LENGTH = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final TreeHash EMPTY = new TreeHash(Sha256.of());
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(Sha256::newDigest);

  private final byte[] bytes;

  private TreeHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of 32 hash bytes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not 32 bytes long
   */
  public static TreeHash of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a tree hash is 32 bytes");
    }
    return new TreeHash(bytes.clone());
  }

  /**
   * Parses the standard base64 form (RFC 4648 section 4, padded), as in checkpoints and the log's
   * API.
   *
   * @throws IllegalArgumentException if {@code base64} is not the canonical encoding of 32 bytes
   */
  public static TreeHash ofBase64(String base64) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a tree hash is 32 bytes in standard base64", e);
    }
    TreeHash hash = of(decoded);
    if (!hash.toBase64().equals(base64)) {
      throw new IllegalArgumentException("a tree hash is 32 bytes in canonical base64");
    }
    return hash;
  }

  /**
   * Parses the 64-digit hexadecimal form.
   *
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal digits
   */
  public static TreeHash ofHex(String hex) {
    if (hex == null || hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("a tree hash is 64 hexadecimal digits");
    }
    return new TreeHash(HexFormat.of().parseHex(hex));
  }

  /** The leaf hash of {@code entry}: {@code SHA-256(0x00 || entry)}. */
  public static TreeHash ofLeaf(byte[] entry) {
    MessageDigest d = DIGEST.get();
    d.update(LEAF_PREFIX);
    d.update(entry);
    return new TreeHash(d.digest());
  }

  /** The hash of an interior node: {@code SHA-256(0x01 || left || right)}. */
  public static TreeHash ofNode(TreeHash left, TreeHash right) {
    MessageDigest d = DIGEST.get();
    d.update(NODE_PREFIX);
    d.update(left.bytes);
    d.update(right.bytes);
    return new TreeHash(d.digest());
  }

  /** The root of the empty tree, {@code SHA-256()} of no bytes. */
  public static TreeHash emptyTree() {
    return EMPTY;
  }

  /**
   * The Merkle Tree Hash (RFC 9162 section 2.1.1) of a list of leaf hashes, in O(n) time and O(log
   * n) memory. For a log that grows, keep a {@link TreeFrontier} instead.
   */
  public static TreeHash rootOf(List<TreeHash> leafHashes) {
    TreeFrontier frontier = TreeFrontier.empty();
    for (TreeHash leaf : leafHashes) {
      frontier.append(leaf);
    }
    return frontier.root();
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** The standard base64 form with padding (44 characters). */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  byte[] bytesUnsafe() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHash other && MessageDigest.isEqual(other.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
