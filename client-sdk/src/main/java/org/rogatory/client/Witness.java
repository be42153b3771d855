package org.rogatory.client;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.SignedNote;
import org.rogatory.crypto.WitnessSigningKey;

/**
 * One round of a witness of the hub's transparency log (docs/spec/transparency-log.md 3.1 and 4):
 * fetch the latest checkpoint, verify the log's signatures, verify that it extends the checkpoint
 * this witness saw last (kept in a {@link CheckpointStore}), save it, cosign it (tlog-cosignature
 * v1) and submit the cosignature to the hub. Run it periodically (the CLI's {@code rogatory audit
 * witness}, from cron).
 *
 * <pre>{@code
 * Witness.Round r = client.witness(logKeys, witnessKey, CheckpointStore.in(dir)).cosignOnce();
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * Never cosigns a checkpoint that does not verify against the pinned log keys, is smaller than the
 * one seen last, or cannot be proven consistent with it; a checkpoint of the same size with another
 * root, or without a valid consistency proof, raises a {@link SplitViewException} that carries both
 * signed checkpoints. The new checkpoint is saved before the cosignature leaves this process, so a
 * crash never lets the witness cosign an older one later.
 *
 * <h2>Warning</h2>
 *
 * The first round trusts the first checkpoint it sees (there is nothing to compare it with); keep
 * the store, and compare checkpoints with other parties ({@link LogAudit#compare}).
 */
public final class Witness {

  /** What a witness needs from the log: the audit's reads, and a place to send cosignatures. */
  public interface Log extends LogAudit.Source {
    /**
     * Submits the checkpoint with this witness's cosignature line appended.
     *
     * @return whether the hub stored it (false: it already had this witness's cosignature)
     */
    boolean submitCosignature(String cosignedNote) throws HubException;
  }

  /**
   * What a round did.
   *
   * @param cosigned the checkpoint cosigned
   * @param previous the checkpoint seen before, shown consistent with it, or null on the first run
   * @param cosignedNote the note with the cosignature line appended, as submitted
   * @param stored whether the hub stored the cosignature (false: it had it already)
   */
  public record Round(
      Checkpoint cosigned, Checkpoint previous, String cosignedNote, boolean stored) {}

  private final Log log;
  private final LogAudit audit;
  private final WitnessSigningKey key;
  private final CheckpointStore store;
  private final Clock clock;

  private Witness(
      Log log, LogAudit audit, WitnessSigningKey key, CheckpointStore store, Clock clock) {
    this.log = log;
    this.audit = audit;
    this.key = key;
    this.store = store;
    this.clock = clock;
  }

  /**
   * A witness of {@code log} whose keys are pinned as {@code logKeys}, cosigning with {@code key}
   * and remembering the last checkpoint in {@code store}.
   */
  public static Witness of(
      Log log,
      List<NoteVerifierKey> logKeys,
      WitnessSigningKey key,
      CheckpointStore store,
      Clock clock) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(clock, "clock");
    return new Witness(log, LogAudit.of(log, logKeys), key, store, clock);
  }

  /**
   * Performs one round.
   *
   * @throws SplitViewException if the latest checkpoint contradicts the one seen last (nothing is
   *     cosigned or saved)
   * @throws LogAuditException if a checkpoint does not verify, or the log went back to a smaller
   *     size (nothing is cosigned)
   * @throws HubException if the hub refused a call
   * @throws IOException if the store cannot be read or written
   */
  public Round cosignOnce()
      throws SplitViewException, LogAuditException, HubException, IOException {
    String note = log.checkpoint();
    Checkpoint latest = audit.checkpoint(note, "the latest checkpoint");
    Optional<String> saved = store.load(audit.origin());
    Checkpoint previous = null;
    if (saved.isPresent()) {
      previous = audit.checkpoint(saved.get(), "the checkpoint saved in " + store);
      if (latest.size() < previous.size()) {
        throw new LogAuditException(
            -1,
            "the hub serves a checkpoint of size "
                + latest.size()
                + ", smaller than the size "
                + previous.size()
                + " this witness saw before; a witness never cosigns an older checkpoint");
      }
      audit.compare(saved.get(), note);
    }
    if (previous == null || latest.size() > previous.size()) {
      store.save(audit.origin(), note);
    }
    String cosigned;
    try {
      cosigned = SignedNote.parse(note).withSignature(key.cosign(latest, clock)).encode();
    } catch (CryptoException e) {
      throw new LogAuditException(-1, "the latest checkpoint is not a signed note");
    }
    boolean stored = log.submitCosignature(cosigned);
    return new Round(latest, previous, cosigned, stored);
  }

  @Override
  public String toString() {
    return "Witness[" + key.verifierKey() + " of " + audit.origin() + "]";
  }
}
