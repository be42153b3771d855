package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.InMemoryTree;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.TreeHash;

class LogAuditTest {
  private static final LogSigningKey LOG = EvidenceFixtures.LOG;

  /** A log of {@code size} events as a hub would serve it, which the test then falsifies. */
  static class FakeLog implements LogAudit.Source {
    final List<byte[]> eventHashes = new ArrayList<>();
    final InMemoryTree signedTree = new InMemoryTree();
    String note;

    FakeLog(int size) {
      grow(size);
    }

    void grow(int size) {
      for (int n = eventHashes.size(); n < size; n++) {
        byte[] h = EvidenceFixtures.chain(n);
        eventHashes.add(h);
        signedTree.append(EventLeaf.hash(n, h));
      }
      sign(signedTree.size(), signedTree.root());
    }

    void sign(long size, TreeHash root) {
      note = LOG.sign(Checkpoint.of(EvidenceFixtures.ORIGIN, size, root)).encode();
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

    @Override
    public List<TreeHash> consistency(long from, long to) {
      return signedTree.prover().consistency(from, to).path();
    }
  }

  @Test
  void audit_ofAnHonestLog_succeeds_andAGrownLogIsConsistentWithTheSavedCheckpoint()
      throws Exception {
    FakeLog log = new FakeLog(2500); // three pages of leaves
    LogAudit.Report first = LogAudit.of(log, LOG.verifierKeys()).verify(null);
    assertThat(first.checkpoint().size()).isEqualTo(2500);
    log.grow(2600);
    LogAudit.Report second = LogAudit.of(log, LOG.verifierKeys()).verify(first.note());
    assertThat(second.previous().size()).isEqualTo(2500);
    assertThat(second.checkpoint().size()).isEqualTo(2600);
  }

  @Test
  void audit_ofAnAlteredLeaf_namesThatLeaf() {
    FakeLog log = new FakeLog(2500);
    log.eventHashes.set(1234, EvidenceFixtures.sha("another event"));
    assertThatThrownBy(() -> LogAudit.of(log, LOG.verifierKeys()).verify(null))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("leaf 1234 is the first that does not match")
        .extracting(e -> ((LogAuditException) e).leafIndex())
        .isEqualTo(1234L);
  }

  @Test
  void audit_ofAMissingLeaf_orAWrongStatedLeafHash_namesTheLeaf() {
    FakeLog log = new FakeLog(40);
    log.eventHashes.remove(39);
    assertThatThrownBy(() -> LogAudit.of(log, LOG.verifierKeys()).verify(null))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("leaf 39 is missing");
    FakeLog lying =
        new FakeLog(40) {
          @Override
          public List<LogAudit.Leaf> leaves(long start, long end) {
            List<LogAudit.Leaf> out = new ArrayList<>(super.leaves(start, end));
            LogAudit.Leaf l = out.get(7);
            out.set(7, new LogAudit.Leaf(7, l.eventHash(), EventLeaf.hash(8, l.eventHash())));
            return out;
          }
        };
    assertThatThrownBy(() -> LogAudit.of(lying, LOG.verifierKeys()).verify(null))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("leaf 7: the log serves leaf hash");
  }

  @Test
  void audit_ofARewrittenHistory_isNotConsistentWithTheSavedCheckpoint() throws Exception {
    FakeLog log = new FakeLog(100);
    String saved = LogAudit.of(log, LOG.verifierKeys()).verify(null).note();
    // The operator rewrites event 50 and everything after, recomputes the tree and signs it.
    FakeLog rewritten = new FakeLog(0);
    for (int n = 0; n < 120; n++) {
      byte[] h = n < 50 ? EvidenceFixtures.chain(n) : EvidenceFixtures.sha("rewritten " + n);
      rewritten.eventHashes.add(h);
      rewritten.signedTree.append(EventLeaf.hash(n, h));
    }
    rewritten.sign(120, rewritten.signedTree.root());
    // Its own leaves and checkpoint agree: only the saved checkpoint catches it.
    assertThat(LogAudit.of(rewritten, LOG.verifierKeys()).verify(null).checkpoint().size())
        .isEqualTo(120);
    assertThatThrownBy(() -> LogAudit.of(rewritten, LOG.verifierKeys()).verify(saved))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("not consistent with the saved one (size 100)");
    // A truncated log: smaller than what was saved.
    FakeLog truncated = new FakeLog(80);
    assertThatThrownBy(() -> LogAudit.of(truncated, LOG.verifierKeys()).verify(saved))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("the log shrank");
  }

  @Test
  void audit_ofACheckpointUnderAnotherKey_isRejected() {
    FakeLog log = new FakeLog(10);
    LogSigningKey other = LogSigningKey.generate(EvidenceFixtures.ORIGIN);
    assertThatThrownBy(() -> LogAudit.of(log, other.verifierKeys()).verify(null))
        .isInstanceOf(LogAuditException.class)
        .hasMessageContaining("the latest checkpoint does not verify");
  }
}
