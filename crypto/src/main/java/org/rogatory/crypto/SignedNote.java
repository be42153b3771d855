package org.rogatory.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A C2SP signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, and one
 * or more signature lines {@code "— <key name> <base64(key ID || signature)>"}. Rogatory's log
 * publishes its checkpoints as signed notes; witnesses add cosignature lines to them.
 *
 * <p>This class only parses and formats. What a note says must be ignored until a verifier with
 * trusted keys (for checkpoints, {@link CheckpointVerifier}) has checked its signatures.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #parse} rejects everything the specification forbids — invalid UTF-8, control characters
 * other than newline, a missing final newline or blank line, no signature, a malformed or
 * non-canonical signature line, key names with spaces or {@code +} — and notes of more than {@value
 * #MAX_SIGNATURES} signatures or {@value #MAX_LENGTH} bytes (the specification requires accepting
 * at least 16 signatures; post-quantum ones are some 4.4 kB of text each).
 */
public final class SignedNote {
  /** The most signature lines a note may have. */
  public static final int MAX_SIGNATURES = 100;

  /** The longest note accepted, in bytes of UTF-8. */
  public static final int MAX_LENGTH = 1 << 20;

  private static final String DASH = "\u2014 ";

  private final String text;
  private final List<Signature> signatures;

  private SignedNote(String text, List<Signature> signatures) {
    this.text = text;
    this.signatures = signatures;
  }

  /**
   * A note with the given text and signature lines.
   *
   * @throws IllegalArgumentException if the text is not a valid note text (non-empty, ending in a
   *     newline, no control characters but newline) or there are no or too many signatures
   */
  public static SignedNote of(String text, List<Signature> signatures) {
    if (!isValidText(text)) {
      throw new IllegalArgumentException(
          "a note text is non-empty, ends with a newline and has no other control characters");
    }
    if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException("a note has 1 to " + MAX_SIGNATURES + " signatures");
    }
    return new SignedNote(text, List.copyOf(signatures));
  }

  /**
   * Parses a note received as bytes, which must be UTF-8.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a
   *     well-formed signed note
   */
  public static SignedNote parse(byte[] note) throws CryptoException {
    if (note.length > MAX_LENGTH) {
      throw malformed("the note is too long");
    }
    try {
      return parse(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(note))
              .toString());
    } catch (CharacterCodingException e) {
      throw malformed("the note is not UTF-8");
    }
  }

  /**
   * Parses a note.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a
   *     well-formed signed note
   */
  public static SignedNote parse(String note) throws CryptoException {
    if (note.length() > MAX_LENGTH || utf8Length(note) > MAX_LENGTH) {
      throw malformed("the note is too long");
    }
    if (!hasOnlyAllowedCharacters(note)) {
      throw malformed("the note has control characters or is not valid Unicode");
    }
    if (!note.endsWith("\n")) {
      throw malformed("the note does not end with a newline");
    }
    // The text ends at the last blank line; signature lines are never empty.
    int blank = note.lastIndexOf("\n\n");
    if (blank < 0) {
      throw malformed("the note has no blank line before its signatures");
    }
    String text = note.substring(0, blank + 1);
    String block = note.substring(blank + 2);
    if (block.isEmpty()) {
      throw malformed("the note has no signatures");
    }
    List<Signature> signatures = new ArrayList<>();
    int at = 0;
    while (at < block.length()) {
      int end = block.indexOf('\n', at);
      if (signatures.size() == MAX_SIGNATURES) {
        throw malformed("the note has more than " + MAX_SIGNATURES + " signatures");
      }
      signatures.add(Signature.parseLine(block.substring(at, end)));
      at = end + 1;
    }
    return new SignedNote(text, List.copyOf(signatures));
  }

  /** The signed text, including its final newline. */
  public String text() {
    return text;
  }

  /** The signature lines, in order. */
  public List<Signature> signatures() {
    return signatures;
  }

  /**
   * This note with {@code signature} added after the others (how a cosignature is attached).
   *
   * @throws IllegalArgumentException if the note already has {@value #MAX_SIGNATURES} signatures
   */
  public SignedNote withSignature(Signature signature) {
    List<Signature> all = new ArrayList<>(signatures);
    all.add(Objects.requireNonNull(signature, "signature"));
    return of(text, all);
  }

  /** The note in its wire form. */
  public String encode() {
    StringBuilder out = new StringBuilder(text.length() + 1 + 100 * signatures.size());
    out.append(text).append('\n');
    for (Signature s : signatures) {
      out.append(s.line());
    }
    return out.toString();
  }

  /** The note in its wire form, as UTF-8. */
  public byte[] toBytes() {
    return encode().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedNote other
        && other.text.equals(text)
        && other.signatures.equals(signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, signatures);
  }

  @Override
  public String toString() {
    return encode();
  }

  /**
   * One signature line: the key name, the 4-byte key ID (big-endian) and the signature bytes of the
   * key's algorithm.
   */
  public static final class Signature {
    private final String keyName;
    private final int keyId;
    private final byte[] signature;

    private Signature(String keyName, int keyId, byte[] signature) {
      this.keyName = keyName;
      this.keyId = keyId;
      this.signature = signature;
    }

    /**
     * A signature line.
     *
     * @throws IllegalArgumentException if the key name is invalid or the signature empty
     */
    public static Signature of(String keyName, int keyId, byte[] signature) {
      if (!isValidKeyName(keyName)) {
        throw new IllegalArgumentException(
            "a key name is non-empty, without spaces, '+' or control characters");
      }
      if (signature.length == 0) {
        throw new IllegalArgumentException("a signature is not empty");
      }
      return new Signature(keyName, keyId, signature.clone());
    }

    static Signature parseLine(String line) throws CryptoException {
      if (!line.startsWith(DASH)) {
        throw malformed("a signature line does not start with an em dash and a space");
      }
      int space = line.indexOf(' ', DASH.length());
      if (space < 0) {
        throw malformed("a signature line has no signature");
      }
      String name = line.substring(DASH.length(), space);
      String b64 = line.substring(space + 1);
      if (!isValidKeyName(name)) {
        throw malformed("a signature line has an invalid key name");
      }
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        throw malformed("a signature is not base64");
      }
      if (raw.length < 5 || !Base64.getEncoder().encodeToString(raw).equals(b64)) {
        throw malformed("a signature is not the canonical base64 of a key ID and a signature");
      }
      int id = ByteBuffer.wrap(raw, 0, 4).getInt();
      return new Signature(name, id, Arrays.copyOfRange(raw, 4, raw.length));
    }

    public String keyName() {
      return keyName;
    }

    /** The key ID, as the 32-bit big-endian integer of the line's first four bytes. */
    public int keyId() {
      return keyId;
    }

    /** The signature bytes after the key ID (a copy). */
    public byte[] signature() {
      return signature.clone();
    }

    byte[] signatureUnsafe() {
      return signature;
    }

    /** The line as it appears in a note, with its final newline. */
    public String line() {
      byte[] raw = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
      return DASH + keyName + " " + Base64.getEncoder().encodeToString(raw) + "\n";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Signature other
          && other.keyName.equals(keyName)
          && other.keyId == keyId
          && Arrays.equals(other.signature, signature);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyName, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
      return keyName + "+" + String.format(Locale.ROOT, "%08x", keyId);
    }
  }

  /**
   * Non-empty; no Unicode white space (the Unicode White_Space property: Java's white space and
   * space characters and U+0085), no {@code +}, no control character (signed-note).
   */
  static boolean isValidKeyName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    return name.codePoints()
        .noneMatch(
            c ->
                c == '+'
                    || c < 0x20
                    || c == 0x85
                    || Character.isWhitespace(c)
                    || Character.isSpaceChar(c));
  }

  static boolean isValidText(String text) {
    return text != null && !text.isEmpty() && text.endsWith("\n") && hasOnlyAllowedCharacters(text);
  }

  /** No control characters but newline, no unpaired surrogates. */
  static boolean hasOnlyAllowedCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  static CryptoException malformed(String message) {
    return new CryptoException(CryptoException.Reason.MALFORMED, message);
  }
}
