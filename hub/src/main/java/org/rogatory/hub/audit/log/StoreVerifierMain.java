package org.rogatory.hub.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeFrontier;
import org.rogatory.hub.infra.eventstore.ChainVerification;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;

/**
 * Verifies a hub's store from its data alone, for an auditor or after a restore from backup: the
 * event chain from event 0 (every hash re-derived, the global sequence gapless), and, given the
 * log's published verifier keys, that the latest signed checkpoint is genuine and that its root is
 * the Merkle tree of the stored events it covers. Reads only (it ensures the event log's unique
 * index exists, as the hub does).
 *
 * <p>Usage: {@code StoreVerifierMain MONGODB_URI DATABASE [LOG_KEYS_JSON]}, where LOG_KEYS_JSON is
 * the body of {@code GET /v1/log/keys} saved to a file, obtained before the incident. Exit status 0
 * when everything verifies, 1 when something does not, 2 on a usage error.
 */
public final class StoreVerifierMain {
  private static final int READ_BATCH = 1024;

  private StoreVerifierMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: StoreVerifierMain MONGODB_URI DATABASE [LOG_KEYS_JSON]");
      System.exit(2);
    }
    try (MongoClient client = MongoClients.create(args[0])) {
      Optional<Path> keys = args.length == 3 ? Optional.of(Path.of(args[2])) : Optional.empty();
      System.exit(verify(client.getDatabase(args[1]), keys, System.out) ? 0 : 1);
    }
  }

  /** Runs every check, printing one line per finding; true if all verified. */
  static boolean verify(MongoDatabase database, Optional<Path> keysFile, PrintStream out)
      throws Exception {
    try (EventLog log = new EventLog(database)) {
      ChainVerification.Result chain = ChainVerification.verify(log);
      if (!chain.intact()) {
        out.println("FAIL event chain: " + chain.problem());
        return false;
      }
      long head = chain.headSequence();
      out.printf("ok   event chain: %d events, global sequence 0..%d gapless%n", head + 1, head);
      Optional<LogStore.PublishedCheckpoint> latest = new LogStore(database).latest();
      if (latest.isEmpty()) {
        out.println(head < 0 ? "ok   no events, no checkpoint" : "FAIL no checkpoint published");
        return head < 0;
      }
      if (keysFile.isEmpty()) {
        out.println("skip checkpoint: no log keys given, signature and root not checked");
        return true;
      }
      Checkpoint c;
      try {
        c = verifier(keysFile.get()).verify(latest.get().note());
      } catch (CryptoException e) {
        out.println("FAIL checkpoint signature: " + e.getMessage());
        return false;
      }
      if (c.size() > head + 1) {
        out.printf(
            "FAIL checkpoint covers %d events but the store holds %d: events were lost%n",
            c.size(), head + 1);
        return false;
      }
      TreeFrontier tree = TreeFrontier.empty();
      while (tree.size() < c.size()) {
        int want = (int) Math.min(READ_BATCH, c.size() - tree.size());
        List<StoredEvent> batch = log.readFrom(tree.size(), want);
        if (batch.isEmpty()) {
          out.printf("FAIL event %d, covered by the checkpoint, cannot be read%n", tree.size());
          return false;
        }
        for (StoredEvent e : batch) {
          if (e.globalSequence() < c.size()) {
            tree.append(EventLeaf.hash(e.globalSequence(), e.hash()));
          }
        }
      }
      if (!tree.root().equals(c.root())) {
        out.printf(
            "FAIL checkpoint of size %d: its root is not that of the stored events%n", c.size());
        return false;
      }
      out.printf(
          "ok   checkpoint of size %d signed by the log's keys, root equal to the stored events';"
              + " %d later events not yet covered%n",
          c.size(), head + 1 - c.size());
      return true;
    }
  }

  private static CheckpointVerifier verifier(Path keysFile) throws Exception {
    JsonNode json = new ObjectMapper().readTree(Files.readString(keysFile, StandardCharsets.UTF_8));
    List<NoteVerifierKey> keys = new ArrayList<>();
    for (JsonNode k : json.path("verifierKeys")) {
      keys.add(NoteVerifierKey.parse(k.asText()));
    }
    return CheckpointVerifier.forLog(json.path("origin").asText(), keys);
  }
}
