package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Rogatory's own protocol test vectors ({@code vectors/envelope-v1.json}, described in {@code
 * docs/spec/vectors.md}), made by the independent Python implementation and checked here through
 * the public API only: bundles decode to the recorded fingerprints, key files decrypt with the
 * recorded passphrases, every envelope opens for every recipient with the recorded payload and
 * header, the invalid envelopes do not open, and the safety code matches.
 */
class EnvelopeVectorsTest {
  private static final String RESOURCE = "/vectors/envelope-v1.json";
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode vectors;
  private static final Map<String, KeyBundle> BUNDLES = new LinkedHashMap<>();
  private static final Map<String, PartyKeys> KEYS = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws Exception {
    vectors = readVectors();
    for (JsonNode ks : vectors.get("key_sets")) {
      String name = ks.get("name").asString();
      BUNDLES.put(name, KeyBundle.decode(hex(ks.get("bundle"))));
      JsonNode kf = ks.get("key_file");
      KEYS.put(
          name, KeyFile.decrypt(hex(kf.get("hex")), kf.get("passphrase").asString().toCharArray()));
    }
  }

  private static JsonNode readVectors() {
    try (InputStream in = EnvelopeVectorsTest.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test vector resource is missing: " + RESOURCE);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asString());
  }

  static Stream<String> keySets() {
    return names(readVectors().get("key_sets"), "name");
  }

  static Stream<String> envelopes() {
    return names(readVectors().get("envelopes"), "id");
  }

  static Stream<String> invalidEnvelopes() {
    return names(readVectors().get("invalid_envelopes"), "id");
  }

  private static Stream<String> names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asString()));
    return out.stream();
  }

  private static JsonNode find(String array, String field, String value) {
    for (JsonNode n : vectors.get(array)) {
      if (n.get(field).asString().equals(value)) {
        return n;
      }
    }
    throw new IllegalArgumentException(value + " is not in " + array);
  }

  @Test
  void vectorFile_loaded_hasTheRequiredCases() {
    assertThat(vectors.get("key_sets").size()).isGreaterThanOrEqualTo(2);
    assertThat(vectors.get("envelopes").size()).isGreaterThanOrEqualTo(3);
    assertThat(vectors.get("safety_codes").size()).isGreaterThanOrEqualTo(1);
    assertThat(envelopes()).contains("multi-recipient", "exact-multiple", "empty-payload");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keySets")
  void bundle_decoded_hasRecordedFingerprintAndFields(String name) throws Exception {
    JsonNode ks = find("key_sets", "name", name);
    byte[] encoded = hex(ks.get("bundle"));

    KeyBundle bundle = KeyBundle.decode(encoded);

    assertThat(bundle.fingerprint()).isEqualTo(Fingerprint.ofHex(ks.get("fingerprint").asString()));
    assertThat(bundle.party()).isEqualTo(PartyId.of(ks.get("party").asString()));
    assertThat(bundle.deviceId()).isEqualTo(ks.get("device").asString());
    assertThat(bundle.keyVersion()).isEqualTo(ks.get("key_version").asLong());
    assertThat(bundle.notBefore()).isEqualTo(Instant.ofEpochSecond(ks.get("not_before").asLong()));
    assertThat(bundle.notAfter()).isEqualTo(Instant.ofEpochSecond(ks.get("not_after").asLong()));
    assertThat(bundle.encode()).isEqualTo(encoded);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keySets")
  void bundle_withSelfSignatureByteFlipped_isRejected(String name) {
    byte[] encoded = hex(find("key_sets", "name", name).get("bundle"));
    encoded[encoded.length - 100] ^= 0x01;

    assertThatThrownBy(() -> KeyBundle.decode(encoded)).isInstanceOf(CryptoException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keySets")
  void keyFile_decryptedWithRecordedPassphrase_holdsTheRecordedBundle(String name)
      throws Exception {
    JsonNode kf = find("key_sets", "name", name).get("key_file");
    String passphrase = kf.get("passphrase").asString();

    PartyKeys keys = KeyFile.decrypt(hex(kf.get("hex")), passphrase.toCharArray());

    assertThat(keys.bundle()).isEqualTo(BUNDLES.get(name));
    assertThat(keys.bundle().encode()).isEqualTo(BUNDLES.get(name).encode());
    // The key is derived from the NFC form, so the composed spelling works as well.
    String composed = Normalizer.normalize(passphrase, Normalizer.Form.NFC);
    assertThat(KeyFile.decrypt(hex(kf.get("hex")), composed.toCharArray()).bundle())
        .isEqualTo(BUNDLES.get(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keySets")
  void keyFile_decryptedWithWrongPassphrase_isRejected(String name) {
    JsonNode kf = find("key_sets", "name", name).get("key_file");
    char[] wrong = (kf.get("passphrase").asString() + "!").toCharArray();

    assertThatThrownBy(() -> KeyFile.decrypt(hex(kf.get("hex")), wrong))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(CryptoException.Reason.WRONG_PASSPHRASE_OR_DAMAGED));
  }

  @Test
  void keyFile_withDecomposedPassphrase_isInTheVectors() {
    boolean anyDecomposed = false;
    for (JsonNode ks : vectors.get("key_sets")) {
      String p = ks.get("key_file").get("passphrase").asString();
      anyDecomposed |= !Normalizer.isNormalized(p, Normalizer.Form.NFC);
    }
    assertThat(anyDecomposed).as("a passphrase that NFC normalization changes").isTrue();
  }

  @Test
  void safetyCode_ofVectorBundles_matchesRecordedCodeInEitherOrder() {
    for (JsonNode sc : vectors.get("safety_codes")) {
      KeyBundle first = BUNDLES.get(sc.get("first").asString());
      KeyBundle second = BUNDLES.get(sc.get("second").asString());
      String code = sc.get("code").asString();

      assertThat(SafetyCode.between(first, second)).isEqualTo(code);
      assertThat(SafetyCode.between(second, first)).isEqualTo(code);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopes")
  void envelope_openedByEachRecipient_returnsRecordedPayloadAndHeader(String id) throws Exception {
    JsonNode v = find("envelopes", "id", id);
    KeyBundle sender = BUNDLES.get(v.get("sender").asString());
    byte[] envelope = hex(v.get("envelope"));
    byte[] payload = hex(v.get("payload"));
    List<EnvelopeRecipient> expectedRecipients = new ArrayList<>();
    for (JsonNode r : v.get("recipients")) {
      KeyBundle b = BUNDLES.get(r.asString());
      expectedRecipients.add(new EnvelopeRecipient(b.party(), b.fingerprint()));
    }
    assertThat(payload).hasSize(v.get("payload_length").asInt());

    for (JsonNode r : v.get("recipients")) {
      OpenedEnvelope opened =
          EnvelopeOpener.create(KEYS.get(r.asString()), TrustedKeys.of(sender)).open(envelope);

      assertThat(opened.payload()).as(r.asString()).isEqualTo(payload);
      EnvelopeHeader h = opened.header();
      assertThat(h.messageId()).isEqualTo(UUID.fromString(v.get("message_id").asString()));
      assertThat(h.requestId()).isEqualTo(v.get("request_id").asString());
      assertThat(h.contentType()).isEqualTo(v.get("content_type").asString());
      assertThat(h.createdAt()).isEqualTo(Instant.ofEpochMilli(v.get("created_at").asLong()));
      assertThat(h.segmentSize()).isEqualTo(v.get("segment_size").asInt());
      assertThat(h.sender()).isEqualTo(sender.party());
      assertThat(h.senderFingerprint()).isEqualTo(sender.fingerprint());
      assertThat(h.recipients()).containsExactlyElementsOf(expectedRecipients);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envelopes")
  void envelope_openedWithoutTrustedSender_isRejected(String id) {
    JsonNode v = find("envelopes", "id", id);
    PartyKeys recipient = KEYS.get(v.get("recipients").get(0).asString());
    KeyBundle notTheSender =
        BUNDLES.values().stream()
            .filter(b -> !b.equals(BUNDLES.get(v.get("sender").asString())))
            .findFirst()
            .orElseThrow();

    assertThatThrownBy(
            () ->
                EnvelopeOpener.create(recipient, TrustedKeys.of(notTheSender))
                    .open(hex(v.get("envelope"))))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED));
  }

  @Test
  void envelope_exactMultiple_endsWithTagOnlySegment() {
    JsonNode v = find("envelopes", "id", "exact-multiple");
    int segment = v.get("segment_size").asInt();
    int plaintextStream = v.get("payload_length").asInt() + 3373;

    assertThat(plaintextStream % segment).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidEnvelopes")
  void invalidEnvelope_opened_isRejectedAsNotOpened(String id) {
    JsonNode v = find("invalid_envelopes", "id", id);
    PartyKeys recipient = KEYS.get(v.get("recipient").asString());
    KeyBundle sender = BUNDLES.get(v.get("sender").asString());
    byte[] envelope = hex(v.get("envelope"));

    assertThatThrownBy(
            () -> EnvelopeOpener.create(recipient, TrustedKeys.of(sender)).open(envelope))
        .isInstanceOfSatisfying(
            CryptoException.class,
            e -> assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED));
  }
}
