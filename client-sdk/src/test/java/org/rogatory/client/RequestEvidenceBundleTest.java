package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.client.EvidenceFixtures.LOG;
import static org.rogatory.client.EvidenceFixtures.MESSAGE;
import static org.rogatory.client.EvidenceFixtures.REQUEST;
import static org.rogatory.client.EvidenceFixtures.SECOND;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.EvidenceStatement;
import org.rogatory.crypto.LogSigningKey;

class RequestEvidenceBundleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestEvidenceBundle GOOD = EvidenceFixtures.requestBundle();

  private static RequestEvidenceBundle edited(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode j = (ObjectNode) JSON.readTree(GOOD.encode());
    edit.accept(j);
    return RequestEvidenceBundle.decode(JSON.writeValueAsBytes(j));
  }

  private static ObjectNode message(ObjectNode j, int i) {
    return (ObjectNode) j.get("messages").get(i);
  }

  private static void assertRejected(RequestEvidenceBundle b, String because) {
    assertThatThrownBy(() -> b.verify(LOG.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessage(because);
  }

  @Test
  void requestBundle_asMade_verifiesEachMessageInOrder_andSurvivesEncoding() throws Exception {
    VerifiedRequestEvidence v =
        RequestEvidenceBundle.decode(GOOD.encode()).verify(LOG.verifierKeys());
    assertThat(v.requestId()).isEqualTo(REQUEST);
    assertThat(v.messages())
        .extracting(m -> m.submission().messageId())
        .containsExactly(MESSAGE, SECOND);
    assertThat(v.messages().get(0).statements())
        .extracting(EvidenceStatement::type)
        .containsExactly(
            EvidenceStatement.Type.SUBMISSION_ACCEPTANCE,
            EvidenceStatement.Type.DELIVERY,
            EvidenceStatement.Type.RETRIEVAL);
    assertThat(v.messages().get(1).statements()).hasSize(2);
    assertThat(v.logKeys()).containsExactlyInAnyOrderElementsOf(LOG.verifierKeys());
    // Each element is exactly the one-message bundle, which verifies on its own.
    byte[] inner = JSON.writeValueAsBytes(JSON.readTree(GOOD.encode()).get("messages").get(1));
    assertThat(EvidenceBundle.decode(inner).verify(LOG.verifierKeys()).submission().messageId())
        .isEqualTo(SECOND);
    assertThat(GOOD.verify(List.of()).messages()).hasSize(2);
  }

  @Test
  void tamperedInnerBundle_isRejected_namingTheMessage() throws Exception {
    RequestEvidenceBundle tampered =
        edited(
            j -> {
              ObjectNode item = (ObjectNode) message(j, 1).get("statements").get(0);
              byte[] s = Base64.getDecoder().decode(item.get("statement").asText());
              s[s.length - 1] ^= 0x01; // the last byte of the log's ML-DSA-65 signature
              item.put("statement", Base64.getEncoder().encodeToString(s));
            });
    assertThatThrownBy(() -> tampered.verify(LOG.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessageStartingWith(
            "in the evidence of message "
                + SECOND
                + ", the SUBMISSION_ACCEPTANCE at log index 7 is not validly signed by the log");
  }

  @Test
  void innerBundleOfAnotherRequest_isRejected_namingTheMessage() throws Exception {
    assertRejected(
        edited(j -> message(j, 1).put("requestId", "ICC-2026-0099")),
        "the evidence of message " + SECOND + " is about another request than " + REQUEST);
    // The request's id moved on the outside: the first message no longer names it.
    assertRejected(
        edited(j -> j.put("requestId", "ICC-2026-0099")),
        "the evidence of message " + MESSAGE + " is about another request than ICC-2026-0099");
  }

  @Test
  void duplicatedMessage_isRejected_namingIt() throws Exception {
    assertRejected(
        RequestEvidenceBundle.of(
            REQUEST,
            List.of(
                EvidenceFixtures.bundle(), EvidenceFixtures.second(), EvidenceFixtures.bundle())),
        "message " + MESSAGE + " appears twice in the bundle");
    assertRejected(
        edited(j -> ((ArrayNode) j.get("messages")).add(message(j, 1).deepCopy())),
        "message " + SECOND + " appears twice in the bundle");
  }

  @Test
  void messagesOutOfTheLogsOrder_areRejected_namingTheMessage() {
    assertRejected(
        RequestEvidenceBundle.of(
            REQUEST, List.of(EvidenceFixtures.second(), EvidenceFixtures.bundle())),
        "message "
            + MESSAGE
            + " is out of order: its submission at log index 3 is not after that of message "
            + SECOND);
  }

  @Test
  void otherLogKeysThanThePinned_areRejected_namingTheFirstMessage() {
    LogSigningKey other = LogSigningKey.generate(EvidenceFixtures.ORIGIN);
    assertThatThrownBy(() -> GOOD.verify(other.verifierKeys()))
        .isInstanceOf(EvidenceException.class)
        .hasMessage(
            "in the evidence of message "
                + MESSAGE
                + ", the bundle's log keys are not the pinned keys of the log");
  }

  @Test
  void unknownMembers_missingMembers_orAnotherFormat_areRejectedOnDecode() throws Exception {
    assertThatThrownBy(() -> edited(j -> j.put("complete", true)))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("a member it does not define");
    assertThatThrownBy(() -> edited(j -> message(j, 1).put("note", "added")))
        .isInstanceOf(EvidenceException.class)
        .hasMessage(
            "the evidence of message "
                + SECOND
                + " is not a complete rogatory-evidence/1 bundle (a member is missing, of another"
                + " format, or one it does not define)");
    assertThatThrownBy(() -> edited(j -> message(j, 0).remove("checkpoint")))
        .isInstanceOf(EvidenceException.class)
        .hasMessageStartingWith("the evidence of message " + MESSAGE + " is not a complete");
    assertThatThrownBy(
            () ->
                edited(
                    j ->
                        ((ArrayNode) j.get("messages"))
                            .set(1, JSON.getNodeFactory().numberNode(7))))
        .isInstanceOf(EvidenceException.class)
        .hasMessageStartingWith("the evidence number 2 is not a complete");
    assertThatThrownBy(() -> edited(j -> j.put("format", EvidenceBundle.FORMAT)))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("not a rogatory-request-evidence/1 evidence bundle");
    assertThatThrownBy(() -> edited(j -> j.set("messages", JSON.createArrayNode())))
        .isInstanceOf(EvidenceException.class)
        .hasMessageContaining("the evidence of no message");
    // A one-message bundle is not a request's, nor the reverse.
    assertThatThrownBy(() -> RequestEvidenceBundle.decode(EvidenceFixtures.bundle().encode()))
        .isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> EvidenceBundle.decode(GOOD.encode()))
        .isInstanceOf(EvidenceException.class);
  }
}
