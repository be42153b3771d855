package org.rogatory.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rogatory.crypto.Checkpoint;
import org.rogatory.crypto.CheckpointVerifier;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EventLeaf;
import org.rogatory.crypto.EventRecord;
import org.rogatory.crypto.InclusionProof;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.TreeHash;

/**
 * Checks that the key bundles this client seals to are registered in the hub's transparency log
 * (docs/spec/key-transparency.md): for each key, the hub proves the event that registered it is a
 * leaf of the tree under a checkpoint signed by the pinned log keys. A key the hub shows but never
 * logged is refused; a key it logged is visible to every auditor and to the party it belongs to,
 * who can see that it did not register it.
 *
 * <p>Keys once proven are remembered for the life of this object. Thread-safe.
 */
public final class KeyTransparency {
  private static final String REGISTERED =
      "org.rogatory.hub.party.api.PartyEvents$KeyBundleRegisteredEvent";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubClient client;
  private final List<NoteVerifierKey> logKeys;
  private final CheckpointVerifier verifier;
  private final Set<String> proven = ConcurrentHashMap.newKeySet();

  KeyTransparency(HubClient client, List<NoteVerifierKey> logKeys) {
    this.client = client;
    this.logKeys = List.copyOf(logKeys);
    if (this.logKeys.isEmpty()) {
      throw new IllegalArgumentException("pin the log's verifier keys to check key transparency");
    }
    this.verifier = CheckpointVerifier.forLog(this.logKeys.get(0).name(), this.logKeys);
  }

  /**
   * The hub's proof for one key, as GET /v1/directory/{party}/keys/{fingerprint}/proof sends it.
   */
  record ProofBody(
      String partyId,
      String keyFingerprint,
      long leafIndex,
      EventRecord event,
      String previousHash,
      String checkpoint,
      List<String> inclusionPath) {}

  /**
   * Verifies that {@code bundle} was registered for its party in the log.
   *
   * @return the verified checkpoint that covers the registration (null if proven earlier)
   * @throws KeyTransparencyException if the hub's proof does not verify
   * @throws HubException if the hub cannot answer (e.g. {@code UNAVAILABLE} while no checkpoint
   *     covers a registration that just happened, after the retry policy's attempts)
   */
  public Checkpoint requireLogged(KeyBundle bundle) throws HubException {
    Objects.requireNonNull(bundle, "bundle");
    PartyId party = bundle.party();
    String fingerprint = bundle.fingerprint().toHex();
    if (proven.contains(fingerprint)) {
      return null;
    }
    HubTransport t = client.transport();
    ProofBody p;
    try {
      p =
          t.call(
              () ->
                  t.request(
                          "/v1/directory/"
                              + HubClient.pathSegment(party.value())
                              + "/keys/"
                              + fingerprint
                              + "/proof")
                      .GET()
                      .build(),
              true,
              ProofBody.class);
    } catch (HubException e) {
      if (e.code() == org.rogatory.protocol.ErrorCode.NOT_FOUND) {
        throw new KeyTransparencyException(
            "the hub shows key "
                + fingerprint
                + " for "
                + party.value()
                + " but has no record of its registration in the log: "
                + e.getMessage());
      }
      throw e;
    }
    Checkpoint checkpoint = verify(party, bundle, p);
    proven.add(fingerprint);
    return checkpoint;
  }

  private Checkpoint verify(PartyId party, KeyBundle bundle, ProofBody p)
      throws KeyTransparencyException {
    String what = "key " + bundle.fingerprint().toHex() + " of " + party.value();
    if (p == null || p.event() == null || p.checkpoint() == null || p.inclusionPath() == null) {
      throw new KeyTransparencyException("the hub's proof for " + what + " is incomplete");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    EventRecord e = p.event();
    byte[] payload = e.payload();
    if (payload == null || e.metadata() == null || p.previousHash() == null) {
      throw new KeyTransparencyException("the hub's proof for " + what + " is incomplete");
    }
    byte[] chainHash;
    try {
      chainHash = e.chainHash(p.leafIndex(), b64.decode(p.previousHash()));
    } catch (IllegalArgumentException ex) {
      throw new KeyTransparencyException("the hub's proof for " + what + " is malformed");
    }
    // The event is the registration of exactly this bundle for this party.
    if (!REGISTERED.equals(e.payloadType()) || !party.value().equals(e.aggregateId())) {
      throw new KeyTransparencyException(
          "the event the hub shows for " + what + " is not the registration of a key bundle");
    }
    try {
      JsonNode registered = JSON.readTree(payload);
      byte[] logged = b64.decode(registered.path("keyBundle").asText());
      if (!party.value().equals(registered.path("partyId").asText())
          || !Arrays.equals(logged, bundle.encode())) {
        throw new KeyTransparencyException(
            "the log registers another bundle than the directory shows for " + what);
      }
    } catch (IOException | IllegalArgumentException ex) {
      throw new KeyTransparencyException("the registration event of " + what + " does not parse");
    }
    // The event's leaf is in the tree under a checkpoint the pinned keys signed.
    Checkpoint checkpoint;
    try {
      checkpoint = verifier.verify(p.checkpoint());
    } catch (CryptoException | IllegalArgumentException ex) {
      throw new KeyTransparencyException(
          "the checkpoint the hub sent with the proof for "
              + what
              + " is not signed by the pinned log keys: "
              + ex.getMessage());
    }
    if (p.leafIndex() < 0 || p.leafIndex() >= checkpoint.size()) {
      throw new KeyTransparencyException(
          "the hub's proof for " + what + " names a leaf outside its checkpoint");
    }
    try {
      List<TreeHash> path = new ArrayList<>();
      for (String h : p.inclusionPath()) {
        path.add(TreeHash.ofBase64(h));
      }
      InclusionProof.of(p.leafIndex(), checkpoint.size(), path)
          .verify(EventLeaf.hash(p.leafIndex(), chainHash), checkpoint.root());
    } catch (CryptoException | IllegalArgumentException ex) {
      throw new KeyTransparencyException(
          "the registration of " + what + " is not in the log the checkpoint signs");
    }
    return checkpoint;
  }

  /** The pinned log keys. */
  public List<NoteVerifierKey> logKeys() {
    return logKeys;
  }
}
