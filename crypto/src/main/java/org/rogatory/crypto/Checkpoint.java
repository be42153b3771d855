package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint): the note text that names a log (the
 * origin), its tree size and the RFC 9162 root hash at that size, optionally followed by extension
 * lines.
 *
 * <pre>
 * rogatory.example/log
 * 20852163
 * CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
 * </pre>
 *
 * <p>A checkpoint means nothing until its note signatures are verified: obtain one from {@link
 * CheckpointVerifier#verify}, or make one with {@link #of} to sign it.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #parse} accepts exactly one text form per checkpoint: the size in decimal without leading
 * zeros, the root as canonical padded base64 of 32 bytes, no empty line. Immutable.
 */
public final class Checkpoint {
  private final String origin;
  private final long size;
  private final TreeHash root;
  private final List<String> extensions;

  private Checkpoint(String origin, long size, TreeHash root, List<String> extensions) {
    this.origin = origin;
    this.size = size;
    this.root = root;
    this.extensions = extensions;
  }

  /**
   * A checkpoint without extension lines.
   *
   * @throws IllegalArgumentException if the origin is empty or has a newline or control character,
   *     or the size is negative
   */
  public static Checkpoint of(String origin, long size, TreeHash root) {
    return of(origin, size, root, List.of());
  }

  /**
   * A checkpoint with extension lines (the specification discourages them: monitors cannot audit
   * them).
   *
   * @throws IllegalArgumentException if the origin or an extension line is empty or has a newline
   *     or control character, or the size is negative
   */
  public static Checkpoint of(String origin, long size, TreeHash root, List<String> extensions) {
    Objects.requireNonNull(root, "root");
    if (!isValidLine(origin)) {
      throw new IllegalArgumentException(
          "an origin is a non-empty line without control characters");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    for (String e : extensions) {
      if (!isValidLine(e)) {
        throw new IllegalArgumentException(
            "an extension is a non-empty line without control characters");
      }
    }
    return new Checkpoint(origin, size, root, List.copyOf(extensions));
  }

  /**
   * Parses a checkpoint note text (with its final newline, without signatures).
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a
   *     well-formed checkpoint
   */
  public static Checkpoint parse(String text) throws CryptoException {
    if (!SignedNote.isValidText(text)) {
      throw SignedNote.malformed("a checkpoint is lines of text, each ending with a newline");
    }
    List<String> lines = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int end = text.indexOf('\n', at);
      lines.add(text.substring(at, end));
      at = end + 1;
    }
    if (lines.size() < 3 || lines.stream().anyMatch(String::isEmpty)) {
      throw SignedNote.malformed("a checkpoint has an origin, a size and a root, none empty");
    }
    long size = parseSize(lines.get(1));
    TreeHash root;
    try {
      root = TreeHash.ofBase64(lines.get(2));
    } catch (IllegalArgumentException e) {
      throw SignedNote.malformed("a checkpoint's root is not 32 bytes in canonical base64");
    }
    return new Checkpoint(lines.get(0), size, root, List.copyOf(lines.subList(3, lines.size())));
  }

  private static long parseSize(String s) throws CryptoException {
    boolean digits = !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (s.length() > 1 && s.charAt(0) == '0') || s.length() > 19) {
      throw SignedNote.malformed("a checkpoint's size is a decimal number without leading zeros");
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw SignedNote.malformed("a checkpoint's size is larger than 2^63 - 1");
    }
  }

  private static boolean isValidLine(String line) {
    return line != null
        && !line.isEmpty()
        && line.indexOf('\n') < 0
        && SignedNote.hasOnlyAllowedCharacters(line);
  }

  /** The log's identity, the first line. */
  public String origin() {
    return origin;
  }

  /** The number of leaves in the tree. */
  public long size() {
    return size;
  }

  /** The Merkle Tree Hash of those leaves. */
  public TreeHash root() {
    return root;
  }

  /** The extension lines, in order; usually none. */
  public List<String> extensions() {
    return extensions;
  }

  /** The note text: one line each for origin, size, root and extensions, newline-terminated. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n').append(size).append('\n').append(root.toBase64()).append('\n');
    for (String e : extensions) {
      out.append(e).append('\n');
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint other && other.text().equals(text());
  }

  @Override
  public int hashCode() {
    return text().hashCode();
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size " + size + ", root " + root.toBase64() + "]";
  }
}
