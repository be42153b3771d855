package org.rogatory.crypto;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies signed checkpoints of one log: every one of the log's configured keys must have signed
 * the note, and, if witnesses are configured, at least a quorum of them must have cosigned it.
 *
 * <pre>{@code
 * CheckpointVerifier verifier =
 *     CheckpointVerifier.forLog("hub.example/log", logKeys)        // Ed25519 and ML-DSA-65
 *         .withWitnesses(1, List.of(witnessA, witnessB));
 * Checkpoint checkpoint = verifier.verify(noteText);               // or a CryptoException
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * Following c2sp.org/signed-note, lines whose key name and key ID match no configured key are
 * ignored (other witnesses, a future key); a line that matches a configured key must verify, or the
 * whole note is rejected. The checkpoint's origin must be the configured one. With both the Ed25519
 * and the ML-DSA-65 key configured, a forgery needs to break both algorithms.
 */
public final class CheckpointVerifier {
  private final String origin;
  private final List<NoteVerifierKey> logKeys;
  private final List<NoteVerifierKey> witnesses;
  private final int quorum;

  private CheckpointVerifier(
      String origin, List<NoteVerifierKey> logKeys, List<NoteVerifierKey> witnesses, int quorum) {
    this.origin = origin;
    this.logKeys = logKeys;
    this.witnesses = witnesses;
    this.quorum = quorum;
  }

  /**
   * A verifier for the log {@code origin} that requires a valid signature by every key in {@code
   * logKeys} (Ed25519 or ML-DSA-65 note keys).
   *
   * @throws IllegalArgumentException if there are no log keys, a key is a cosignature key, or two
   *     keys share a name and key ID
   */
  public static CheckpointVerifier forLog(String origin, List<NoteVerifierKey> logKeys) {
    Objects.requireNonNull(origin, "origin");
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint verifier needs at least one log key");
    }
    for (NoteVerifierKey k : logKeys) {
      if (k.type() == NoteVerifierKey.Type.COSIGNATURE_V1) {
        throw new IllegalArgumentException("a log key is not a witness cosignature key: " + k);
      }
    }
    requireDistinct(logKeys);
    return new CheckpointVerifier(origin, List.copyOf(logKeys), List.of(), 0);
  }

  /**
   * This verifier, additionally requiring cosignatures (tlog-cosignature v1) from at least {@code
   * quorum} of {@code witnesses}.
   *
   * @throws IllegalArgumentException if a key is not a cosignature key, keys collide, or the quorum
   *     is outside 0 to the number of witnesses
   */
  public CheckpointVerifier withWitnesses(int quorum, List<NoteVerifierKey> witnesses) {
    for (NoteVerifierKey w : witnesses) {
      if (w.type() != NoteVerifierKey.Type.COSIGNATURE_V1) {
        throw new IllegalArgumentException("a witness key is a cosignature key: " + w);
      }
    }
    if (quorum < 0 || quorum > witnesses.size()) {
      throw new IllegalArgumentException("the quorum is between 0 and the number of witnesses");
    }
    List<NoteVerifierKey> all = new ArrayList<>(logKeys);
    all.addAll(witnesses);
    requireDistinct(all);
    return new CheckpointVerifier(origin, logKeys, List.copyOf(witnesses), quorum);
  }

  private static void requireDistinct(List<NoteVerifierKey> keys) {
    Set<String> seen = new HashSet<>();
    for (NoteVerifierKey k : keys) {
      if (!seen.add(k.toString())) {
        throw new IllegalArgumentException("two keys share the name and key ID " + k);
      }
    }
  }

  /**
   * Parses and verifies a signed checkpoint.
   *
   * @throws CryptoException with {@link CryptoException.Reason#MALFORMED} if it is not a signed
   *     checkpoint, or {@link CryptoException.Reason#VERIFICATION_FAILED} if a signature is
   *     missing, does not verify, too few witnesses cosigned it, or it is of another log
   */
  public Checkpoint verify(String note) throws CryptoException {
    return verify(SignedNote.parse(note));
  }

  /**
   * Verifies a signed checkpoint.
   *
   * @throws CryptoException as {@link #verify(String)}
   */
  public Checkpoint verify(SignedNote note) throws CryptoException {
    Set<NoteVerifierKey> verified = new HashSet<>();
    for (SignedNote.Signature s : note.signatures()) {
      NoteVerifierKey key = known(s);
      if (key != null) {
        key.verify(note.text(), s);
        verified.add(key);
      }
    }
    for (NoteVerifierKey k : logKeys) {
      if (!verified.contains(k)) {
        throw new CryptoException(
            CryptoException.Reason.VERIFICATION_FAILED,
            "the checkpoint is not signed by the log key " + k);
      }
    }
    long cosigned = witnesses.stream().filter(verified::contains).count();
    if (cosigned < quorum) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED,
          "the checkpoint is cosigned by " + cosigned + " witnesses, " + quorum + " are required");
    }
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    if (!checkpoint.origin().equals(origin)) {
      throw new CryptoException(
          CryptoException.Reason.VERIFICATION_FAILED,
          "the checkpoint is of another log: " + checkpoint.origin());
    }
    return checkpoint;
  }

  private NoteVerifierKey known(SignedNote.Signature s) {
    for (NoteVerifierKey k : logKeys) {
      if (k.matches(s)) {
        return k;
      }
    }
    for (NoteVerifierKey k : witnesses) {
      if (k.matches(s)) {
        return k;
      }
    }
    return null;
  }
}
