package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY_LAPTOP;
import static org.rogatory.crypto.CryptoFixtures.STATE_FR;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;
import static org.rogatory.crypto.CryptoFixtures.metadata;
import static org.rogatory.crypto.CryptoFixtures.opener;
import static org.rogatory.crypto.CryptoFixtures.randomBytes;
import static org.rogatory.crypto.CryptoFixtures.sealer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4096, 65536 - 3373, 65536 - 3372, 65535, 65536, 65537, 200_000})
  void seal_thenOpen_returnsPayloadAndHeader(int size) throws Exception {
    byte[] payload = randomBytes(size, size);
    EnvelopeMetadata meta = metadata();
    byte[] envelope =
        sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
            .seal(meta, List.of(STATE_NL.bundle()), payload);

    OpenedEnvelope opened = opener(STATE_NL, REGISTRY.bundle()).open(envelope);

    assertThat(opened.payload()).isEqualTo(payload);
    EnvelopeHeader h = opened.header();
    assertThat(h.messageId()).isEqualTo(meta.messageId());
    assertThat(h.requestId()).isEqualTo("req-2026-0042");
    assertThat(h.contentType()).isEqualTo("application/pdf");
    assertThat(h.sender()).isEqualTo(REGISTRY.party());
    assertThat(h.senderFingerprint()).isEqualTo(REGISTRY.bundle().fingerprint());
    assertThat(h.createdAt()).isEqualTo(CryptoFixtures.NOW);
    assertThat(h.recipients())
        .containsExactly(new EnvelopeRecipient(STATE_NL.party(), STATE_NL.bundle().fingerprint()));
  }

  @Test
  void seal_toSeveralRecipientsAndOwnDevice_eachCanOpen() throws Exception {
    byte[] payload = randomBytes(10_000, 7);
    List<KeyBundle> to =
        List.of(STATE_NL.bundle(), STATE_FR.bundle(), REGISTRY_LAPTOP.bundle(), REGISTRY.bundle());
    byte[] envelope = sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K).seal(metadata(), to, payload);

    for (PartyKeys r : List.of(STATE_NL, STATE_FR, REGISTRY_LAPTOP, REGISTRY)) {
      assertThat(opener(r, REGISTRY.bundle()).open(envelope).payload()).isEqualTo(payload);
    }
  }

  @Test
  void header_readByHubWithoutKeys_namesRoutingFields() throws Exception {
    byte[] envelope =
        sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
            .seal(metadata(), List.of(STATE_NL.bundle(), STATE_FR.bundle()), new byte[100]);

    EnvelopeHeader h = EnvelopeHeader.read(new ByteArrayInputStream(envelope));

    assertThat(h.sender()).isEqualTo(REGISTRY.party());
    assertThat(h.recipients())
        .extracting(EnvelopeRecipient::party)
        .containsExactly(STATE_NL.party(), STATE_FR.party());
    assertThat(h.segmentSize()).isEqualTo(65536);
    assertThat(h.encodedLength() + h.wrappedKeysLength() + 100 + 3373 + 16)
        .isEqualTo(envelope.length);
  }

  @Test
  void seal_twiceSamePayload_givesDifferentCiphertext() throws Exception {
    EnvelopeMetadata meta = metadata();
    EnvelopeSealer s = sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K);
    byte[] a = s.seal(meta, List.of(STATE_NL.bundle()), new byte[64]);
    byte[] b = s.seal(meta, List.of(STATE_NL.bundle()), new byte[64]);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void seal_withNoRecipients_isRejected() {
    assertThatThrownBy(
            () ->
                sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
                    .seal(metadata(), List.of(), new byte[1]))
        .isInstanceOf(CryptoException.class)
        .extracting(e -> ((CryptoException) e).reason())
        .isEqualTo(CryptoException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void seal_withRecipientListedTwice_isRejected() {
    assertThatThrownBy(
            () ->
                sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
                    .seal(metadata(), List.of(STATE_NL.bundle(), STATE_NL.bundle()), new byte[1]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("twice");
  }

  @Test
  void seal_toExpiredRecipientKey_isRejected() {
    Clock later = Clock.fixed(STATE_NL.bundle().notAfter(), ZoneOffset.UTC);
    PartyKeys longLived =
        PartyKeys.generator(REGISTRY.party())
            .validFrom(CryptoFixtures.NOW)
            .lifetime(java.time.Duration.ofDays(3650))
            .generate();
    assertThatThrownBy(
            () ->
                EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, longLived, later)
                    .seal(metadata(), List.of(STATE_NL.bundle()), new byte[1]))
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining("not valid now");
  }

  @Test
  void streamingSealAndOpenToFile_ofSeveralMegabytes_roundTrips(@TempDir Path dir)
      throws Exception {
    long size = 5L * 1024 * 1024 + 12_345;
    Path envelope = dir.resolve("msg.rge");
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestingRandomStream(size, 99, expected);
        OutputStream out = Files.newOutputStream(envelope)) {
      sealer(REGISTRY, EnvelopePreset.HYBRID_V1_1M)
          .seal(metadata(), List.of(STATE_NL.bundle()), in, out);
    }
    Path target = dir.resolve("msg.bin");
    try (InputStream in = Files.newInputStream(envelope)) {
      opener(STATE_NL, REGISTRY.bundle()).open(in, target);
    }
    assertThat(Files.size(target)).isEqualTo(size);
    assertThat(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(target)))
        .isEqualTo(expected.digest());
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(2);
    }
  }

  /** A deterministic pseudo-random stream of a given length that digests what it hands out. */
  static final class DigestingRandomStream extends InputStream {
    private final SplittableRandom random;
    private final MessageDigest digest;
    private long remaining;

    DigestingRandomStream(long length, long seed, MessageDigest digest) {
      this.remaining = length;
      this.random = new SplittableRandom(seed);
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(len, Math.min(remaining, 8192));
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) random.nextInt(256);
      }
      digest.update(b, off, n);
      remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {}
  }
}
