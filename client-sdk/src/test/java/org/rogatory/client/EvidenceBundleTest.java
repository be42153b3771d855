package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.client.EvidenceFixtures.COURT;
import static org.rogatory.client.EvidenceFixtures.LOG;
import static org.rogatory.client.EvidenceFixtures.MESSAGE;
import static org.rogatory.client.EvidenceFixtures.STATE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.EvidenceStatement.Type;
import org.rogatory.crypto.LogSigningKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SignedStatement;

class EvidenceBundleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EvidenceBundle GOOD = EvidenceFixtures.bundle();

  private static ObjectNode json() throws Exception {
    return (ObjectNode) JSON.readTree(GOOD.encode());
  }

  private static EvidenceBundle edited(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode j = json();
    edit.accept(j);
    return EvidenceBundle.decode(JSON.writeValueAsBytes(j));
  }

  private static void assertRejected(EvidenceBundle b, String because) {
    assertThatThrownBy(() -> b.verify(LOG.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining(because);
  }

  private static ObjectNode item(ObjectNode j, int i) {
    return (ObjectNode) j.get("statements").get(i);
  }

  private static String flip(String base64, int index) {
    byte[] b = Base64.getDecoder().decode(base64);
    b[index] ^= 0x01;
    return Base64.getEncoder().encodeToString(b);
  }

  @Test
  void bundle_asMade_verifiesAndSurvivesEncoding() throws Exception {
    VerifiedEvidence v = EvidenceBundle.decode(GOOD.encode()).verify(LOG.verifierKeys());
    assertThat(v.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(
            EvidenceStatement.Type.SUBMISSION_ACCEPTANCE,
            EvidenceStatement.Type.DELIVERY,
            EvidenceStatement.Type.RETRIEVAL);
    assertThat(v.receipts())
        .singleElement()
        .extracting(EvidenceStatement::actor)
        .isEqualTo(STATE.party());
    assertThat(v.checkpoint().size()).isEqualTo(10);
    // Without pinned keys the bundle's own keys are used (the CLI says so).
    assertThat(GOOD.verify(List.of()).statements()).hasSize(3);
  }

  @Test
  void everyByteOfEveryStatement_flipped_isRejected() throws Exception {
    for (int s = 0; s < 3; s++) {
      int length = Base64.getDecoder().decode(item(json(), s).get("statement").asText()).length;
      // Every byte of the statement's fields, and every 61st byte of its two signatures.
      for (int i = 0; i < length; i = i < 400 ? i + 1 : i + 61) {
        int statement = s;
        int index = i;
        EvidenceBundle b =
            edited(
                j ->
                    item(j, statement)
                        .put(
                            "statement",
                            flip(item(j, statement).get("statement").asText(), index)));
        assertThatThrownBy(() -> b.verify(LOG.verifierKeys()))
            .as("statement %d, byte %d", s, i)
            .isInstanceOf(EvidenceException.class);
      }
    }
  }

  @Test
  void everyByteOfTheReceipt_flipped_isRejected() throws Exception {
    int length = Base64.getDecoder().decode(item(json(), 2).get("receipt").asText()).length;
    for (int i = 0; i < length; i = i < 400 ? i + 1 : i + 61) {
      int index = i;
      EvidenceBundle b =
          edited(j -> item(j, 2).put("receipt", flip(item(j, 2).get("receipt").asText(), index)));
      // The hub's statement names the receipt by digest: any change shows.
      assertRejected(b, "names another receipt");
    }
  }

  @Test
  void everyInclusionPathHash_flipped_isRejected() throws Exception {
    for (int s = 0; s < 3; s++) {
      int hashes = item(json(), s).get("inclusionPath").size();
      for (int h = 0; h < hashes; h++) {
        int statement = s;
        int hash = h;
        EvidenceBundle b =
            edited(
                j -> {
                  ArrayNode path = (ArrayNode) item(j, statement).get("inclusionPath");
                  path.set(hash, TextNode.valueOf(flip(path.get(hash).asText(), 31)));
                });
        assertRejected(b, "is not included in the checkpoint of size 10");
      }
    }
    assertRejected(
        edited(j -> ((ArrayNode) item(j, 0).get("inclusionPath")).remove(0)), "is not included");
  }

  @Test
  void checkpoint_alteredOrUnderOtherKeys_isRejected() throws Exception {
    assertRejected(
        edited(
            j ->
                j.put("checkpoint", j.get("checkpoint").asText().replaceFirst("\n10\n", "\n11\n"))),
        "the checkpoint does not verify");
    LogSigningKey other = LogSigningKey.generate(EvidenceFixtures.ORIGIN);
    assertThatThrownBy(() -> GOOD.verify(other.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not the pinned keys");
    // A bundle entirely re-signed by another key verifies only against that key, never the pinned.
    EvidenceBundle forged =
        edited(
            j -> {
              ArrayNode keys = JSON.createArrayNode();
              other.verifierKeys().forEach(k -> keys.add(k.encode()));
              j.set("logKeys", keys);
            });
    assertRejected(forged, "not the pinned keys");
  }

  @Test
  void missingKeyBundles_areRejected() throws Exception {
    String court = Base64.getEncoder().encodeToString(COURT.bundle().encode());
    String state = Base64.getEncoder().encodeToString(STATE.bundle().encode());
    assertRejected(
        edited(j -> j.set("keyBundles", JSON.createArrayNode().add(court))),
        "lacks the key bundle of state.nl");
    assertRejected(
        edited(j -> j.set("keyBundles", JSON.createArrayNode().add(state))),
        "lacks the key bundle the sender");
  }

  @Test
  void validlySignedButInconsistentStatements_areRejected() {
    SignedStatement receipt = EvidenceFixtures.receipt(STATE, MESSAGE);
    List<org.rogatory.crypto.KeyBundle> bundles = List.of(COURT.bundle(), STATE.bundle());
    // A delivery to a party that is not a recipient.
    assertRejected(
        EvidenceFixtures.bundle(
            List.of(
                EvidenceFixtures.submission(),
                EvidenceFixtures.delivery(PartyId.of("state.fr"), 6)),
            Map.of(),
            bundles),
        "not a recipient of the message");
    // The submission not first.
    assertRejected(
        EvidenceFixtures.bundle(
            List.of(EvidenceFixtures.delivery(STATE.party(), 6), EvidenceFixtures.submission()),
            Map.of(),
            bundles),
        "must start with the one SUBMISSION_ACCEPTANCE");
    // A retrieval carrying a receipt for another message, validly signed by the recipient.
    SignedStatement otherReceipt = EvidenceFixtures.receipt(STATE, UUID.randomUUID());
    assertRejected(
        EvidenceFixtures.bundle(
            List.of(EvidenceFixtures.submission(), EvidenceFixtures.retrieval(receipt, 8)),
            Map.of(1, otherReceipt),
            bundles),
        "names another receipt");
    // A retrieval whose receipt the recipient did not sign: signed by someone claiming its name.
    PartyKeys impostor = PartyKeys.generator(STATE.party()).generate();
    SignedStatement forged = EvidenceFixtures.receipt(impostor, MESSAGE);
    assertRejected(
        EvidenceFixtures.bundle(
            List.of(EvidenceFixtures.submission(), EvidenceFixtures.retrieval(forged, 8)),
            Map.of(1, forged),
            bundles),
        "lacks the key bundle of state.nl");
    // A statement whose leaf is not the one the log holds at that index.
    EvidenceStatement displaced =
        EvidenceStatement.delivery(
            EvidenceFixtures.ORIGIN,
            EvidenceFixtures.REQUEST,
            MESSAGE,
            STATE.party(),
            EvidenceFixtures.ENVELOPE,
            EvidenceFixtures.SIZE,
            EvidenceFixtures.AT,
            6,
            EvidenceFixtures.chain(7));
    assertRejected(
        EvidenceFixtures.bundle(
            List.of(EvidenceFixtures.submission(), displaced), Map.of(), bundles),
        "is not included in the checkpoint");
  }

  @Test
  void missedDeadline_nonRetrievalThenLateRetrieval_verifies() throws Exception {
    SignedStatement late = EvidenceFixtures.receipt(STATE, MESSAGE);
    VerifiedEvidence v =
        EvidenceFixtures.bundle(
                List.of(
                    EvidenceFixtures.submission(),
                    EvidenceFixtures.delivery(STATE.party(), 4),
                    EvidenceFixtures.missed(STATE.party(), true, 6),
                    EvidenceFixtures.retrieval(late, 8)),
                Map.of(3, late),
                List.of(COURT.bundle(), STATE.bundle()))
            .verify(LOG.verifierKeys());
    assertThat(v.statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(
            Type.SUBMISSION_ACCEPTANCE, Type.DELIVERY, Type.NON_RETRIEVAL, Type.RETRIEVAL);
    assertThat(v.statements().get(2).time()).isEqualTo(EvidenceFixtures.DUE);
    assertThat(v.receipts()).containsExactly(late.statement());
  }

  /**
   * A bundle of the fixture's submission followed by {@code statements}, with both parties' keys.
   */
  private static EvidenceBundle after(
      Map<Integer, SignedStatement> receipts, EvidenceStatement... statements) {
    List<EvidenceStatement> all = new java.util.ArrayList<>();
    all.add(EvidenceFixtures.submission());
    all.addAll(List.of(statements));
    return EvidenceFixtures.bundle(all, receipts, List.of(COURT.bundle(), STATE.bundle()));
  }

  @Test
  void missedDeadlines_contradictedByTheLog_areRejected() throws Exception {
    SignedStatement receipt = EvidenceFixtures.receipt(STATE, MESSAGE);
    assertRejected(
        after(
            Map.of(1, receipt),
            EvidenceFixtures.retrieval(receipt, 6),
            EvidenceFixtures.missed(STATE.party(), true, 8)),
        "contradicts the RETRIEVAL of state.nl");
    assertRejected(
        after(
            Map.of(),
            EvidenceFixtures.delivery(STATE.party(), 6),
            EvidenceFixtures.missed(STATE.party(), false, 8)),
        "contradicts the DELIVERY of state.nl");
    assertRejected(
        after(
            Map.of(),
            EvidenceFixtures.missed(STATE.party(), false, 6),
            EvidenceFixtures.missed(STATE.party(), true, 8)),
        "contradicts the NON_RETRIEVAL of state.nl");
    // A non-delivery on its own verifies; one of the sender (its own copy) does not.
    assertThat(
            after(Map.of(), EvidenceFixtures.missed(STATE.party(), false, 6))
                .verify(LOG.verifierKeys())
                .statements()
                .get(1)
                .type())
        .isEqualTo(Type.NON_DELIVERY);
    assertRejected(
        after(Map.of(), EvidenceFixtures.missed(COURT.party(), false, 6)),
        "names the sender, who has no deadline");
    assertRejected(
        after(Map.of(), EvidenceFixtures.missed(PartyId.of("state.fr"), false, 6)),
        "not a recipient of the message");
    // A deadline not after the submission.
    assertRejected(
        after(
            Map.of(),
            EvidenceStatement.missedDeadline(
                false,
                EvidenceFixtures.ORIGIN,
                EvidenceFixtures.REQUEST,
                MESSAGE,
                STATE.party(),
                EvidenceFixtures.ENVELOPE,
                EvidenceFixtures.SIZE,
                EvidenceFixtures.AT,
                6,
                EvidenceFixtures.chain(6))),
        "names a deadline not after the submission");
  }

  @Test
  void malformedBundles_areRejectedWithASentence() throws Exception {
    assertThatThrownBy(() -> EvidenceBundle.decode("{".getBytes()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> edited(j -> j.put("format", "rogatory-evidence/2")))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("rogatory-evidence/1");
    assertRejected(
        edited(j -> item(j, 0).put("statement", item(j, 0).get("statement").asText() + "\n")),
        "not canonical base64");
    assertRejected(
        edited(j -> item(j, 0).put("receipt", item(j, 2).get("receipt").asText())),
        "carries a receipt it does not name");
    JsonNode unknown = json().put("extra", 1);
    assertThatThrownBy(() -> EvidenceBundle.decode(JSON.writeValueAsBytes(unknown)))
        .isInstanceOf(EvidenceException.class);
  }
}
