package org.rogatory.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.rogatory.crypto.internal.ByteReader;
import org.rogatory.crypto.internal.ByteWriter;
import org.rogatory.crypto.internal.Ed25519;
import org.rogatory.crypto.internal.MalformedInputException;
import org.rogatory.crypto.internal.MlDsa65;
import org.rogatory.crypto.internal.Sha256;

/**
 * An {@link EvidenceStatement} with its signature (docs/spec/evidence.md section 3): {@code
 * bytes32(statement) || bytes32(signature)}. The hub's statements are signed with the log's two
 * keys ({@link LogSigningKey#sign(EvidenceStatement)}); a retrieval receipt with the recipient's
 * hybrid identity ({@link #signByParty}).
 *
 * <h2>Security guarantees</h2>
 *
 * Both verifications require both halves: Ed25519 and ML-DSA-65, so a statement stays unforgeable
 * while either algorithm holds. A hub statement's ML-DSA-65 signature uses the FIPS 204 context
 * {@code "rogatory-v1 evidence"} (checkpoints use {@code "rogatory-v1 checkpoint"}); a receipt is a
 * conventions.md hybrid signature with context {@code "rogatory-v1 receipt"}, which binds the
 * signer's bundle fingerprint.
 *
 * <h2>Warning</h2>
 *
 * {@link #decode} checks the form only; call {@link #verifyByLog} or {@link #verifyByParty} before
 * relying on the statement.
 */
public final class SignedStatement {
  /** The FIPS 204 context string of the hub's ML-DSA-65 signature on a statement. */
  static final String LOG_MLDSA_CONTEXT = "rogatory-v1 evidence";

  private static final int SIGNATURE_LENGTH =
      Ed25519.SIGNATURE_LENGTH + MlDsa65.SIGNATURE_LENGTH; // 3,373 bytes either way
  private static final int MAX_STATEMENT = 1 << 16;

  private final EvidenceStatement statement;
  private final byte[] encodedStatement;
  private final byte[] signature;

  private SignedStatement(EvidenceStatement statement, byte[] encodedStatement, byte[] signature) {
    this.statement = statement;
    this.encodedStatement = encodedStatement;
    this.signature = signature;
  }

  static SignedStatement of(EvidenceStatement statement, byte[] signature) {
    return new SignedStatement(statement, statement.encode(), signature.clone());
  }

  /** The hub's signature with the log key's two halves; used by {@link LogSigningKey}. */
  static byte[] logSignature(byte[] ed25519Seed, byte[] mldsaSeed, byte[] encodedStatement) {
    byte[] ed = Ed25519.sign(ed25519Seed, encodedStatement);
    byte[] ml = MlDsa65.sign(mldsaSeed, LOG_MLDSA_CONTEXT, encodedStatement, SecureRandoms.get());
    byte[] out = Arrays.copyOf(ed, ed.length + ml.length);
    System.arraycopy(ml, 0, out, ed.length, ml.length);
    return out;
  }

  /**
   * The recipient signs its retrieval receipt with its own keys.
   *
   * @throws IllegalArgumentException if the statement is not a retrieval receipt by {@code keys}'
   *     party and key
   */
  public static SignedStatement signByParty(PartyKeys keys, EvidenceStatement receipt) {
    if (receipt.type() != EvidenceStatement.Type.RETRIEVAL_RECEIPT
        || !receipt.actor().equals(keys.party())
        || !keys.bundle().fingerprint().equals(receipt.actorKey())) {
      throw new IllegalArgumentException(
          "a party signs only its own retrieval receipts, naming its own key");
    }
    return of(receipt, keys.sign(SignatureContext.RECEIPT, receipt.encode()));
  }

  /**
   * Reads an encoded signed statement.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not one
   */
  public static SignedStatement decode(byte[] encoded) throws CryptoException {
    try {
      ByteReader r = new ByteReader(encoded);
      byte[] statement = r.bytes32(MAX_STATEMENT);
      byte[] signature = r.bytes32(SIGNATURE_LENGTH);
      r.expectEnd();
      if (signature.length != SIGNATURE_LENGTH) {
        throw new MalformedInputException(
            "a statement signature is " + SIGNATURE_LENGTH + " bytes");
      }
      return new SignedStatement(EvidenceStatement.decode(statement), statement, signature);
    } catch (MalformedInputException e) {
      throw SignedNote.malformed("not a signed evidence statement: " + e.getMessage());
    }
  }

  /** {@code bytes32(statement) || bytes32(signature)}. */
  public byte[] encode() {
    return new ByteWriter(encodedStatement.length + signature.length + 8)
        .bytes32(encodedStatement)
        .bytes32(signature)
        .toByteArray();
  }

  /** SHA-256 of {@link #encode()}: what a {@link EvidenceStatement.Type#RETRIEVAL} names. */
  public byte[] digest() {
    return Sha256.of(encode());
  }

  public EvidenceStatement statement() {
    return statement;
  }

  /** The signature (a copy). */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Verifies a hub statement against the log's verifier keys: the Ed25519 and the ML-DSA-65 key
   * named with the statement's origin must both be among {@code logKeys} and both halves verify.
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} otherwise
   */
  public void verifyByLog(List<NoteVerifierKey> logKeys) throws CryptoException {
    Objects.requireNonNull(logKeys, "logKeys");
    if (!statement.type().isSignedByHub()) {
      throw failed("a " + statement.type() + " is signed by a party, not by the hub");
    }
    NoteVerifierKey ed = find(logKeys, NoteVerifierKey.Type.ED25519);
    NoteVerifierKey ml = find(logKeys, NoteVerifierKey.Type.ROGATORY_ML_DSA_65);
    byte[] edSig = Arrays.copyOf(signature, Ed25519.SIGNATURE_LENGTH);
    byte[] mlSig = Arrays.copyOfRange(signature, Ed25519.SIGNATURE_LENGTH, signature.length);
    if (!Ed25519.verify(ed.publicKey(), encodedStatement, edSig)
        || !MlDsa65.verify(ml.publicKey(), LOG_MLDSA_CONTEXT, encodedStatement, mlSig)) {
      throw failed("the hub's signature on the " + statement.type() + " does not verify");
    }
  }

  private NoteVerifierKey find(List<NoteVerifierKey> keys, NoteVerifierKey.Type type)
      throws CryptoException {
    for (NoteVerifierKey k : keys) {
      if (k.type() == type && k.name().equals(statement.origin())) {
        return k;
      }
    }
    throw failed("no " + type + " log key of origin " + statement.origin() + " is configured");
  }

  /**
   * Verifies a retrieval receipt against the key bundle of its signer: the bundle must be the
   * receipt's party's, with the fingerprint the receipt names, and valid at the receipt's time.
   *
   * @throws CryptoException with {@link CryptoException.Reason#VERIFICATION_FAILED} otherwise
   */
  public void verifyByParty(KeyBundle bundle) throws CryptoException {
    if (statement.type() != EvidenceStatement.Type.RETRIEVAL_RECEIPT) {
      throw failed("a " + statement.type() + " is signed by the hub, not by a party");
    }
    if (!bundle.party().equals(statement.actor())
        || !bundle.fingerprint().equals(statement.actorKey())) {
      throw failed("the receipt names another party or key than this bundle");
    }
    if (!bundle.isValidAt(statement.time())) {
      throw failed("the receipt's time lies outside its key bundle's validity");
    }
    bundle.verify(SignatureContext.RECEIPT, encodedStatement, signature);
  }

  private static CryptoException failed(String message) {
    return new CryptoException(CryptoException.Reason.VERIFICATION_FAILED, message);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedStatement other && Arrays.equals(other.encode(), encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  @Override
  public String toString() {
    return "Signed" + statement;
  }
}
