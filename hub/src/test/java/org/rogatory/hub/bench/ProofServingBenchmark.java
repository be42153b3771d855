package org.rogatory.hub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.InMemoryTree;
import org.rogatory.crypto.TreeFrontier;
import org.rogatory.crypto.TreeHash;
import org.rogatory.crypto.TreeNode;
import org.rogatory.crypto.TreeNodeSource;
import org.rogatory.crypto.TreeProver;
import org.rogatory.hub.audit.log.LogStore;
import org.rogatory.hub.infra.mongo.BulkLoadStore;

/**
 * How fast the hub computes inclusion and consistency proofs in a tree of {@code N} leaves
 * (docs/benchmarks.md, "Audit"): the tree's nodes are written to a fresh embedded store through the
 * hub's {@link LogStore}, then the code path of {@code GET /v1/log/proof/*} — {@link TreeProver}
 * over {@link LogStore}, reading nodes from MongoDB — is timed in-process for random indices and
 * sizes (no HTTP, no TLS); the same over an {@link InMemoryTree} for comparison. Every proof is
 * checked against the root. Not a test: never run by the build.
 *
 * <p>Run: {@code java -cp <hub test class path> org.rogatory.hub.bench.ProofServingBenchmark
 * [leaves] [dir]}.
 */
public final class ProofServingBenchmark {
  private static final int SAMPLES = 20_000;
  private static final int WARMUP = 3_000;

  private ProofServingBenchmark() {}

  public static void main(String[] args) throws Exception {
    long leaves = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Path dir = Path.of(args.length > 1 ? args[1] : "hub/target/bench-proofs");
    try (BulkLoadStore store = BulkLoadStore.open(dir.resolve("store-" + System.nanoTime()))) {
      LogStore log = new LogStore(store.database());
      InMemoryTree memory = new InMemoryTree();
      TreeFrontier frontier = TreeFrontier.empty();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      List<TreeNode> pending = new ArrayList<>();
      long t0 = System.nanoTime();
      for (long i = 0; i < leaves; i++) {
        byte[] chain = sha.digest(("chain " + i).getBytes(StandardCharsets.UTF_8));
        TreeHash leaf = EventLeaf.hash(i, chain);
        memory.append(leaf);
        pending.addAll(frontier.append(leaf));
        if (pending.size() >= 20_000) {
          log.addNodes(pending);
          pending.clear();
        }
      }
      log.addNodes(pending);
      System.out.printf(
          "wrote %,d leaves' nodes to the embedded store in %.1f s (file %,d bytes)%n",
          leaves, (System.nanoTime() - t0) / 1e9, store.fileSize());
      TreeHash root = frontier.root();
      measure("LogStore (embedded MongoDB)", log, memory, leaves, root);
      measure("InMemoryTree", memory, memory, leaves, root);
    }
  }

  private static void measure(
      String name, TreeNodeSource nodes, InMemoryTree reference, long size, TreeHash root)
      throws Exception {
    TreeProver prover = TreeProver.over(nodes);
    TreeProver check = reference.prover();
    Random random = new Random(9);
    long[] inclusion = new long[SAMPLES];
    long[] consistency = new long[SAMPLES];
    for (int round = 0; round < 2; round++) {
      int count = round == 0 ? WARMUP : SAMPLES;
      for (int i = 0; i < count; i++) {
        long index = (long) (random.nextDouble() * size);
        long s = System.nanoTime();
        var p = prover.inclusion(index, size);
        long took = System.nanoTime() - s;
        p.verify(reference.node(new org.rogatory.crypto.NodePosition(0, index)), root);
        long from = 1 + (long) (random.nextDouble() * (size - 1));
        s = System.nanoTime();
        var c = prover.consistency(from, size);
        long took2 = System.nanoTime() - s;
        c.verify(check.root(from), root);
        if (round == 1) {
          inclusion[i] = took;
          consistency[i] = took2;
        }
      }
    }
    report(name + " inclusion", inclusion);
    report(name + " consistency", consistency);
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf(
        "RESULT %s, %,d proofs: p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
        what,
        s.length,
        s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.99)] / 1e6,
        s[(int) (s.length * 0.999)] / 1e6,
        s[s.length - 1] / 1e6);
  }
}
