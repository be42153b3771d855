package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.InMemoryTree;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.WitnessSigningKey;
import org.rogatory.protocol.ErrorCode;

/**
 * The witness loop and split-view detection against a hub that keeps two forked histories and signs
 * both with its real log key: each party's own audit passes, and the fork is caught as soon as
 * their checkpoints meet, or as soon as a witness that saw one branch is shown the other.
 */
class WitnessTest {
  private static final LogSigningKey LOG = EvidenceFixtures.LOG;
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final WitnessSigningKey WITNESS = WitnessSigningKey.generate("state.nl/witness");

  @TempDir Path dir;

  /**
   * One view of the log, as a tampering hub serves it to one party: events {@code 0..forkAt-1} are
   * the common history, later ones differ per {@code branch}.
   */
  static class View implements Witness.Log {
    final List<byte[]> eventHashes = new ArrayList<>();
    final InMemoryTree signedTree = new InMemoryTree();
    final List<String> submitted = new ArrayList<>();
    final String branch;
    final int forkAt;
    String note;

    View(String branch, int forkAt, int size) {
      this.branch = branch;
      this.forkAt = forkAt;
      growTo(size);
    }

    void growTo(int size) {
      for (int n = eventHashes.size(); n < size; n++) {
        byte[] h =
            n < forkAt ? EvidenceFixtures.chain(n) : EvidenceFixtures.sha(branch + " event " + n);
        eventHashes.add(h);
        signedTree.append(EventLeaf.hash(n, h));
      }
      note =
          LOG.sign(Checkpoint.of(EvidenceFixtures.ORIGIN, signedTree.size(), signedTree.root()))
              .encode();
    }

    @Override
    public String checkpoint() {
      return note;
    }

    @Override
    public List<LogAudit.Leaf> leaves(long start, long end) {
      List<LogAudit.Leaf> out = new ArrayList<>();
      for (long i = start; i < end && i < eventHashes.size(); i++) {
        out.add(new LogAudit.Leaf(i, eventHashes.get((int) i), null));
      }
      return out;
    }

    /** As the hub: a size beyond its latest checkpoint is refused with INVALID_FIELD. */
    @Override
    public List<TreeHash> consistency(long from, long to) throws HubException {
      if (to > signedTree.size()) {
        throw new HubException(ErrorCode.INVALID_FIELD, 400, "beyond the latest size", null);
      }
      return signedTree.prover().consistency(from, to).path();
    }

    @Override
    public boolean submitCosignature(String cosignedNote) {
      submitted.add(cosignedNote);
      return true;
    }
  }

  private Witness witness(View view, String name) {
    return Witness.of(
        view, LOG.verifierKeys(), WITNESS, CheckpointStore.in(dir.resolve(name)), CLOCK);
  }

  @Test
  void cosignOnce_ofAnHonestGrowingLog_submitsACosignatureThatVerifies() throws Exception {
    View hub = new View("honest", Integer.MAX_VALUE, 5);
    Witness w = witness(hub, "w");
    Witness.Round first = w.cosignOnce();
    hub.growTo(9);
    Witness.Round second = w.cosignOnce();

    assertThat(first.previous()).isNull();
    assertThat(second.previous().size()).isEqualTo(5);
    assertThat(second.cosigned().size()).isEqualTo(9);
    assertThat(hub.submitted).containsExactly(first.cosignedNote(), second.cosignedNote());
    Checkpoint verified =
        CheckpointVerifier.forLog(EvidenceFixtures.ORIGIN, LOG.verifierKeys())
            .withWitnesses(1, List.of(WITNESS.verifierKey()))
            .verify(second.cosignedNote());
    assertThat(verified.size()).isEqualTo(9);
  }

  @Test
  void splitView_twoPartiesShownForkedHistories_eachAuditPasses_andTheirCheckpointsMeetingCatchIt()
      throws Exception {
    View shownToCourt = new View("court", 6, 12);
    View shownToState = new View("state", 6, 10);
    // Each branch is a perfectly valid log on its own: the parties' own audits pass.
    String courts = LogAudit.of(shownToCourt, LOG.verifierKeys()).verify(null).note();
    String states = LogAudit.of(shownToState, LOG.verifierKeys()).verify(null).note();

    // The Court meets the State's checkpoint (gossip) and asks its hub for the proof.
    assertThatThrownBy(() -> LogAudit.of(shownToCourt, LOG.verifierKeys()).compare(courts, states))
        .isInstanceOfSatisfying(
            SplitViewException.class,
            e -> {
              assertThat(e.sameSize()).isFalse();
              assertThat(e.ours()).isEqualTo(courts);
              assertThat(e.theirs()).isEqualTo(states);
              assertThat(e.evidence()).contains(courts).contains(states);
            });
    // The State meets the Court's larger checkpoint: its hub denies having that size.
    assertThatThrownBy(() -> LogAudit.of(shownToState, LOG.verifierKeys()).compare(states, courts))
        .isInstanceOf(SplitViewException.class)
        .hasMessageContaining("cannot prove that its checkpoint of size 12 extends")
        .hasMessageContaining("size 10");
  }

  @Test
  void splitView_atTheSameSize_isProvenByTheTwoSignedNotesAlone() throws Exception {
    View a = new View("a", 3, 10);
    View b = new View("b", 3, 10);
    assertThatThrownBy(() -> LogAudit.of(a, LOG.verifierKeys()).compare(a.note, b.note))
        .isInstanceOfSatisfying(
            SplitViewException.class,
            e -> {
              assertThat(e.sameSize()).isTrue();
              assertThat(e.getMessage()).contains("two different roots for size 10");
            });
    // The evidence stands without the hub: both notes verify under the log's keys.
    CheckpointVerifier v = CheckpointVerifier.forLog(EvidenceFixtures.ORIGIN, LOG.verifierKeys());
    assertThat(v.verify(a.note).size()).isEqualTo(v.verify(b.note).size());
    assertThat(v.verify(a.note).root()).isNotEqualTo(v.verify(b.note).root());
  }

  @Test
  void compare_ofConsistentCheckpoints_returnsTheLarger() throws Exception {
    View hub = new View("honest", Integer.MAX_VALUE, 7);
    String early = hub.note;
    hub.growTo(20);
    Checkpoint larger = LogAudit.of(hub, LOG.verifierKeys()).compare(early, hub.note);
    assertThat(larger.size()).isEqualTo(20);
    assertThat(LogAudit.of(hub, LOG.verifierKeys()).compare(hub.note, early).size()).isEqualTo(20);
  }

  @Test
  void compare_whenTheHubHadNotYetCaughtUpWithASizeItSigned_asksAgain_andIsNoSplitView()
      throws Exception {
    View hub =
        new View("honest", Integer.MAX_VALUE, 7) {
          boolean refusedOnce;

          @Override
          public List<TreeHash> consistency(long from, long to) throws HubException {
            if (!refusedOnce) {
              refusedOnce = true; // another node published it a moment ago
              throw new HubException(ErrorCode.INVALID_FIELD, 400, "beyond the latest", null);
            }
            return super.consistency(from, to);
          }
        };
    String early = hub.note;
    hub.growTo(15);
    assertThat(LogAudit.of(hub, LOG.verifierKeys()).compare(early, hub.note).size()).isEqualTo(15);
  }

  @Test
  void cosignOnce_ofACheckpointInconsistentWithTheOneSeenBefore_refusesAndKeepsTheOld()
      throws Exception {
    View branchA = new View("a", 4, 8);
    witness(branchA, "w").cosignOnce();
    CheckpointStore store = CheckpointStore.in(dir.resolve("w"));
    String seen = store.load(EvidenceFixtures.ORIGIN).orElseThrow();

    View branchB = new View("b", 4, 10); // the hub now shows the witness the other branch
    assertThatThrownBy(() -> witness(branchB, "w").cosignOnce())
        .isInstanceOfSatisfying(
            SplitViewException.class,
            e -> {
              assertThat(e.ours()).isEqualTo(seen);
              assertThat(e.theirs()).isEqualTo(branchB.note);
            });
    assertThat(branchB.submitted).as("nothing cosigned").isEmpty();
    assertThat(store.load(EvidenceFixtures.ORIGIN)).contains(seen);

    View sameSizeOtherRoot = new View("c", 4, 8);
    assertThatThrownBy(() -> witness(sameSizeOtherRoot, "w").cosignOnce())
        .isInstanceOf(SplitViewException.class);
    assertThat(sameSizeOtherRoot.submitted).isEmpty();
  }

  @Test
  void cosignOnce_ofASmallerOrUnsignedCheckpoint_refuses() throws Exception {
    View hub = new View("honest", Integer.MAX_VALUE, 8);
    witness(hub, "w").cosignOnce();
    View rolledBack = new View("honest", Integer.MAX_VALUE, 5);
    assertThatThrownBy(() -> witness(rolledBack, "w").cosignOnce())
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("smaller than the size 8");

    View forged = new View("honest", Integer.MAX_VALUE, 9);
    forged.note =
        LogSigningKey.generate(EvidenceFixtures.ORIGIN)
            .sign(Checkpoint.of(EvidenceFixtures.ORIGIN, 9, forged.signedTree.root()))
            .encode();
    assertThatThrownBy(() -> witness(forged, "w").cosignOnce())
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("does not verify against the log keys");
    assertThat(rolledBack.submitted).isEmpty();
    assertThat(forged.submitted).isEmpty();
  }

  @Test
  void witnessedAudit_ofACheckpointWithoutTheQuorum_fails_andWithItPasses() throws Exception {
    View hub = new View("honest", Integer.MAX_VALUE, 12);
    LogAudit audit =
        LogAudit.of(hub, LOG.verifierKeys()).requireWitnesses(1, List.of(WITNESS.verifierKey()));
    assertThatThrownBy(() -> audit.verify(null))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("cosigned by 0 witnesses, 1 are required");

    hub.note = witness(hub, "w").cosignOnce().cosignedNote();
    assertThat(audit.verify(null).checkpoint().size()).isEqualTo(12);
    WitnessSigningKey other = WitnessSigningKey.generate("other/witness");
    assertThatThrownBy(
            () ->
                LogAudit.of(hub, LOG.verifierKeys())
                    .requireWitnesses(2, List.of(WITNESS.verifierKey(), other.verifierKey()))
                    .verify(null))
        .isInstanceOf(LogAuditException.class);
  }

  @Test
  void cosignOnce_savesTheNewCheckpointBeforeTheCosignatureLeaves() throws Exception {
    View hub = new View("honest", Integer.MAX_VALUE, 6);
    View failing =
        new View("honest", Integer.MAX_VALUE, 6) {
          @Override
          public boolean submitCosignature(String cosignedNote) {
            throw new IllegalStateException("the process dies while submitting");
          }
        };
    assertThatThrownBy(() -> witness(failing, "w").cosignOnce())
        .isInstanceOf(IllegalStateException.class);
    assertThat(CheckpointStore.in(dir.resolve("w")).load(EvidenceFixtures.ORIGIN))
        .contains(failing.note);
    // After the "crash", an older checkpoint is refused.
    View older = new View("honest", Integer.MAX_VALUE, 4);
    assertThatThrownBy(() -> witness(older, "w").cosignOnce())
        .isInstanceOf(LogAuditException.class);
    assertThat(witness(hub, "w").cosignOnce().cosigned().size()).isEqualTo(6);
  }

  @Test
  void checkpointStore_keepsOneFilePerOrigin_namedSafely() throws Exception {
    CheckpointStore store = CheckpointStore.in(dir);
    store.save("hub.example/log", "one\n");
    store.save("../evil/log", "two\n");
    assertThat(store.load("hub.example/log")).contains("one\n");
    assertThat(store.load("../evil/log")).contains("two\n");
    assertThat(store.file("../evil/log").getParent()).isEqualTo(dir);
    assertThat(store.load("other.example/log")).isEmpty();
  }
}
