package org.rogatory.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.ConsistencyProof;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.InclusionProof;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.TreeHash;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.eventstore.StoredEvent;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The transparency log over the real API, checked the way an auditor would: with the log's
 * published keys and the crypto module only — every leaf recomputed from the event hashes, the
 * checkpoint's root recomputed from the leaves, inclusion proofs for events, and consistency
 * between two checkpoints taken before and after more activity.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransparencyLogIT extends HubTestBase {
  @Autowired EventLog eventLog;
  @Autowired LogSigningKey logKey;

  Party court;
  Party state;
  CheckpointVerifier verifier;

  @BeforeAll
  void setUp() throws Exception {
    connectAdministrator();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    court = enrol("court.audit-" + suffix, "COURT_ORGAN");
    state = enrol("state.audit-" + suffix, "CENTRAL_AUTHORITY");
    openRequest(court, state);

    Response keys = state.client().get("/v1/log/keys");
    assertThat(keys.status()).as(keys.toString()).isEqualTo(200);
    List<NoteVerifierKey> published = new ArrayList<>();
    for (JsonNode k : keys.json().get("verifierKeys")) {
      published.add(NoteVerifierKey.parse(k.asText()));
    }
    // What the operator distributes out of band is what the hub signs with.
    assertThat(published).isEqualTo(logKey.verifierKeys());
    assertThat(published)
        .extracting(NoteVerifierKey::type)
        .containsExactly(NoteVerifierKey.Type.ED25519, NoteVerifierKey.Type.ROGATORY_ML_DSA_65);
    verifier = CheckpointVerifier.forLog(keys.json().get("origin").asText(), published);
  }

  /** Waits until a published checkpoint covers every event stored so far, and verifies it. */
  private Checkpoint checkpointCoveringEverything(Party who) throws Exception {
    long head = eventLog.head();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Response r = who.client().get("/v1/log/checkpoint");
      if (r.status() == 200) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Checkpoint c = verifier.verify(new String(r.body(), StandardCharsets.UTF_8));
        if (c.size() > head) {
          return c;
        }
      }
      assertThat(System.nanoTime()).as("a checkpoint covering event %d", head).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static TreeHash hash(JsonNode n) {
    return TreeHash.ofBase64(n.asText());
  }

  private static List<TreeHash> hashes(JsonNode array) {
    List<TreeHash> out = new ArrayList<>();
    array.forEach(n -> out.add(hash(n)));
    return out;
  }

  @Test
  void everyLeaf_isRecomputedFromItsEventHash_andTheLeavesGiveTheSignedRoot() throws Exception {
    Checkpoint c = checkpointCoveringEverything(state);
    List<TreeHash> leaves = new ArrayList<>();
    for (long start = 0; start < c.size(); start += 1000) {
      long end = Math.min(c.size(), start + 1000);
      Response r = state.client().get("/v1/log/leaves?start=" + start + "&end=" + end);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      for (JsonNode leaf : r.json().get("leaves")) {
        long index = leaf.get("index").asLong();
        assertThat(index).as("leaves come in order, without gaps").isEqualTo(leaves.size());
        byte[] eventHash = Base64.getDecoder().decode(leaf.get("eventHash").asText());
        TreeHash leafHash = EventLeaf.hash(index, eventHash);
        assertThat(hash(leaf.get("leafHash"))).isEqualTo(leafHash);
        leaves.add(leafHash);
      }
    }
    assertThat(leaves).hasSize((int) c.size());
    assertThat(TreeHash.rootOf(leaves)).isEqualTo(c.root());
  }

  @Test
  void inclusionProofs_ofStoredEvents_verifyAgainstTheCheckpoint() throws Exception {
    Checkpoint c = checkpointCoveringEverything(court);
    for (long index : new long[] {0, c.size() / 2, c.size() - 1}) {
      Response r =
          court.client().get("/v1/log/proof/inclusion?index=" + index + "&size=" + c.size());
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
      StoredEvent event = eventLog.readFrom(index, 1).get(0);
      TreeHash leaf = EventLeaf.hash(index, event.hash());

      InclusionProof.of(
              r.json().get("leafIndex").asLong(),
              r.json().get("treeSize").asLong(),
              hashes(r.json().get("inclusionPath")))
          .verify(leaf, c.root());
      assertThat(hash(r.json().get("leafHash"))).isEqualTo(leaf);
    }
  }

  @Test
  void checkpointsBeforeAndAfterMoreActivity_areConsistent_andThePastOneIsServed()
      throws Exception {
    Checkpoint before = checkpointCoveringEverything(court);
    openRequest(court, state);
    Checkpoint after = checkpointCoveringEverything(state);
    assertThat(after.size()).isGreaterThan(before.size());

    Response r =
        state
            .client()
            .get("/v1/log/proof/consistency?from=" + before.size() + "&to=" + after.size());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    ConsistencyProof.of(before.size(), after.size(), hashes(r.json().get("consistencyPath")))
        .verify(before.root(), after.root());

    Response past = state.client().get("/v1/log/checkpoint?size=" + before.size());
    assertThat(past.status()).as(past.toString()).isEqualTo(200);
    assertThat(verifier.verify(new String(past.body(), StandardCharsets.UTF_8))).isEqualTo(before);
  }

  @Test
  void proofsBeyondTheLatestCheckpoint_orWithoutACertificate_areRefused() throws Exception {
    Checkpoint c = checkpointCoveringEverything(state);
    long beyond = c.size() + 1_000_000;

    Response inclusion = state.client().get("/v1/log/proof/inclusion?index=0&size=" + beyond);
    Response consistency = state.client().get("/v1/log/proof/consistency?from=2&to=1");
    Response leaves = state.client().get("/v1/log/leaves?start=0&end=" + beyond);
    Response wrongIndex =
        state.client().get("/v1/log/proof/inclusion?index=" + c.size() + "&size=" + c.size());
    Response anonymousCall = anonymous.get("/v1/log/checkpoint");
    Response noSuchCheckpoint = state.client().get("/v1/log/checkpoint?size=" + beyond);

    for (Response r : List.of(inclusion, consistency, leaves, wrongIndex)) {
      assertThat(r.status()).as(r.toString()).isEqualTo(400);
      assertThat(r.code()).isEqualTo("INVALID_FIELD");
    }
    assertThat(anonymousCall.status()).isEqualTo(401);
    assertThat(noSuchCheckpoint.status()).isEqualTo(404);
  }

  @Test
  void tamperedCheckpoint_isRejectedByTheVerifier() throws Exception {
    Response r = court.client().get("/v1/log/checkpoint");
    String note = new String(r.body(), StandardCharsets.UTF_8);
    String tampered = note.replaceFirst("\n(\\d+)\n", "\n" + Long.MAX_VALUE + "\n");
    try {
      verifier.verify(tampered);
      throw new AssertionError("a tampered checkpoint verified");
    } catch (CryptoException expected) {
      assertThat(expected.reason()).isEqualTo(CryptoException.Reason.VERIFICATION_FAILED);
    }
  }
}
