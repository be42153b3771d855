package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.rogatory.crypto.CryptoFixtures.MALLORY;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY;
import static org.rogatory.crypto.CryptoFixtures.REGISTRY_LAPTOP;
import static org.rogatory.crypto.CryptoFixtures.STATE_FR;
import static org.rogatory.crypto.CryptoFixtures.STATE_NL;
import static org.rogatory.crypto.CryptoFixtures.metadata;
import static org.rogatory.crypto.CryptoFixtures.opener;
import static org.rogatory.crypto.CryptoFixtures.randomBytes;
import static org.rogatory.crypto.CryptoFixtures.sealer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way of tampering with or misusing an envelope fails with the one generic error and releases
 * no plaintext.
 */
class EnvelopeMisuseTest {
  private static final int SEGMENT = 65536;
  private static final int SEGMENT_CT = SEGMENT + 16;

  private static byte[] small;
  private static byte[] multi;
  private static byte[] otherMulti;
  private static int multiPayloadOffset;

  @BeforeAll
  static void sealEnvelopes() throws Exception {
    EnvelopeSealer s = sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K);
    small = s.seal(metadata(), List.of(STATE_NL.bundle()), randomBytes(4096, 1));
    // 150,000 + 3,373 bytes of plaintext: segments of 65,536, 65,536 and 22,301 bytes.
    multi = s.seal(metadata(), List.of(STATE_NL.bundle()), randomBytes(150_000, 2));
    otherMulti = s.seal(metadata(), List.of(STATE_NL.bundle()), randomBytes(150_000, 3));
    EnvelopeHeader h = EnvelopeHeader.read(new ByteArrayInputStream(multi));
    multiPayloadOffset = h.encodedLength() + h.wrappedKeysLength();
    assertThat(multi.length - multiPayloadOffset).isEqualTo(2 * SEGMENT_CT + 22_301 + 16);
  }

  private static void assertNotOpened(byte[] envelope) {
    assertNotOpened(opener(STATE_NL, REGISTRY.bundle()), envelope);
  }

  private static void assertNotOpened(EnvelopeOpener opener, byte[] envelope) {
    try {
      OpenedEnvelope opened = opener.open(envelope);
      fail("tampered envelope opened, payload of " + opened.payload().length + " bytes");
    } catch (CryptoException e) {
      assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
      assertThat(e.getMessage()).isEqualTo(CryptoException.ENVELOPE_NOT_OPENED);
    }
  }

  @Test
  void open_untampered_succeeds() throws Exception {
    assertThat(opener(STATE_NL, REGISTRY.bundle()).open(small).payload()).hasSize(4096);
    assertThat(opener(STATE_NL, REGISTRY.bundle()).open(multi).payload()).hasSize(150_000);
  }

  @Test
  void open_withEveryByteFlipped_throwsGenericError() {
    // Covers the header, the wrapped key, every payload byte and the encrypted signature.
    for (int i = 0; i < small.length; i++) {
      byte[] t = small.clone();
      t[i] ^= (byte) (1 << (i % 8));
      assertNotOpened(t);
    }
  }

  @Test
  void open_truncatedAtEverySegmentBoundaryAndInside_throwsGenericError() {
    List<Integer> cuts = new ArrayList<>();
    for (int b = multiPayloadOffset; b <= multi.length; b += SEGMENT_CT) {
      cuts.addAll(List.of(b - 1, b, b + 1, b + 15, b + 16, b + 17));
    }
    cuts.addAll(List.of(0, 1, 10, multiPayloadOffset - 1, multi.length - 1, multi.length - 3373));
    for (int cut : cuts) {
      if (cut >= 0 && cut < multi.length) {
        assertNotOpened(Arrays.copyOf(multi, cut));
      }
    }
  }

  @Test
  void open_withTrailingBytes_throwsGenericError() {
    assertNotOpened(concat(multi, new byte[1]));
    assertNotOpened(concat(multi, new byte[16]));
    assertNotOpened(
        concat(
            multi, Arrays.copyOfRange(multi, multiPayloadOffset, multiPayloadOffset + SEGMENT_CT)));
  }

  @Test
  void open_withSegmentsReordered_throwsGenericError() {
    byte[][] seg = segments(multi);
    assertNotOpened(join(header(multi), seg[1], seg[0], seg[2]));
  }

  @Test
  void open_withSegmentDuplicated_throwsGenericError() {
    byte[][] seg = segments(multi);
    assertNotOpened(join(header(multi), seg[0], seg[0], seg[1], seg[2]));
    assertNotOpened(join(header(multi), seg[0], seg[1], seg[1], seg[2]));
  }

  @Test
  void open_withSegmentDropped_throwsGenericError() {
    byte[][] seg = segments(multi);
    assertNotOpened(join(header(multi), seg[0], seg[2]));
    assertNotOpened(join(header(multi), seg[1], seg[2]));
  }

  @Test
  void open_withSegmentSplicedFromAnotherEnvelope_throwsGenericError() {
    byte[][] seg = segments(multi);
    byte[][] other = segments(otherMulti);
    assertNotOpened(join(header(multi), other[0], seg[1], seg[2]));
    assertNotOpened(join(header(multi), seg[0], other[1], seg[2]));
    assertNotOpened(join(header(multi), seg[0], seg[1], other[2]));
    // The other envelope's wrapped key and header with this one's segments, and vice versa.
    assertNotOpened(join(header(otherMulti), seg[0], seg[1], seg[2]));
  }

  @Test
  void open_byWrongRecipientKey_throwsGenericError() {
    assertNotOpened(opener(STATE_FR, REGISTRY.bundle()), small);
    // Same party id, different keys: not the key the content key was wrapped to.
    assertNotOpened(opener(MALLORY, REGISTRY.bundle()), small);
  }

  @Test
  void open_withSenderBundleReplaced_throwsGenericError() throws Exception {
    // The opener trusts another bundle of the same party, not the one that signed.
    assertNotOpened(opener(STATE_NL, REGISTRY_LAPTOP.bundle()), small);
    // Nobody trusted at all.
    assertNotOpened(opener(STATE_NL), small);
    // A forger names the Registry's bundle in the header but signs with its own keys.
    byte[] forged =
        sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
            .withSignatureHook((data, sig) -> MALLORY.sign(SignatureContext.ENVELOPE, data))
            .seal(metadata(), List.of(STATE_NL.bundle()), new byte[100]);
    assertNotOpened(forged);
  }

  @Test
  void open_withOneOfTheTwoSignaturesStripped_throwsGenericError() throws Exception {
    EnvelopeSealer s = sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K);
    List<EnvelopeSealer.SignatureHook> strips =
        List.of(
            (data, sig) -> zero(sig, 0, 64), // Ed25519 part zeroed
            (data, sig) -> zero(sig, 64, sig.length), // ML-DSA part zeroed
            (data, sig) -> Arrays.copyOf(sig, 64), // only Ed25519 left
            (data, sig) -> Arrays.copyOfRange(sig, 64, sig.length), // only ML-DSA left
            (data, sig) ->
                concat(Arrays.copyOf(sig, 64), MALLORY.sign(SignatureContext.ENVELOPE, data))
                    .clone(),
            (data, sig) -> new byte[0]);
    for (EnvelopeSealer.SignatureHook strip : strips) {
      byte[] e =
          s.withSignatureHook(strip).seal(metadata(), List.of(STATE_NL.bundle()), new byte[500]);
      assertNotOpened(e);
    }
  }

  @Test
  void open_ofSignedMessageReaddressedByARecipient_throwsGenericError() throws Exception {
    // NL receives a signed message and tries to pass it on to FR as if the Registry had sent it
    // to FR: same payload, same signature, new header naming FR.
    AtomicReference<byte[]> original = new AtomicReference<>();
    byte[] payload = randomBytes(1000, 4);
    sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
        .withSignatureHook(
            (data, sig) -> {
              original.set(sig);
              return sig;
            })
        .seal(metadata(), List.of(STATE_NL.bundle()), payload);
    byte[] readdressed =
        sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
            .withSignatureHook((data, sig) -> original.get())
            .seal(metadata(), List.of(STATE_FR.bundle()), payload);
    assertNotOpened(opener(STATE_FR, REGISTRY.bundle()), readdressed);
  }

  @Test
  void openToFile_whenTampered_leavesNoPlaintextAndTargetUntouched(@TempDir Path dir)
      throws Exception {
    Path target = dir.resolve("out.bin");
    Files.write(target, "previous".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    byte[] t = multi.clone();
    t[t.length - 1] ^= 1; // only the final segment is damaged: two segments decrypt first
    try {
      opener(STATE_NL, REGISTRY.bundle()).open(new ByteArrayInputStream(t), target);
      fail("tampered envelope opened");
    } catch (CryptoException e) {
      assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
    }
    assertThat(Files.readString(target)).isEqualTo("previous");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void openToFile_whenSignatureForged_leavesNoPlaintext(@TempDir Path dir) throws Exception {
    // Every segment authenticates (the forger knows the content key); only the signature fails.
    byte[] forged =
        sealer(REGISTRY, EnvelopePreset.HYBRID_V1_64K)
            .withSignatureHook((data, sig) -> MALLORY.sign(SignatureContext.ENVELOPE, data))
            .seal(metadata(), List.of(STATE_NL.bundle()), randomBytes(300_000, 5));
    Path target = dir.resolve("out.bin");
    try {
      opener(STATE_NL, REGISTRY.bundle()).open(new ByteArrayInputStream(forged), target);
      fail("forged envelope opened");
    } catch (CryptoException e) {
      assertThat(e.reason()).isEqualTo(CryptoException.Reason.DECRYPTION_FAILED);
    }
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  private static byte[] header(byte[] envelope) {
    return Arrays.copyOf(envelope, multiPayloadOffset);
  }

  private static byte[][] segments(byte[] envelope) {
    List<byte[]> out = new ArrayList<>();
    for (int off = multiPayloadOffset; off < envelope.length; off += SEGMENT_CT) {
      out.add(Arrays.copyOfRange(envelope, off, Math.min(envelope.length, off + SEGMENT_CT)));
    }
    return out.toArray(new byte[0][]);
  }

  private static byte[] join(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return join(a, b);
  }

  private static byte[] zero(byte[] sig, int from, int to) {
    byte[] out = sig.clone();
    Arrays.fill(out, from, to, (byte) 0);
    return out;
  }
}
