package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.rogatory.crypto.internal.Sha256;

/** The worked example of docs/spec/transparency-log.md section 2.6, value for value. */
class TransparencyLogExampleTest {
  private static byte[] sha(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void specExample_leavesKeysCheckpointAndCosignature_areAsDocumented() throws CryptoException {
    InMemoryTree tree = new InMemoryTree();
    for (long n = 0; n < 5; n++) {
      tree.append(EventLeaf.hash(n, sha("chain " + n)));
    }
    LogSigningKey log =
        LogSigningKey.fromSeeds("hub.example/log", sha("example ed25519"), sha("example mldsa65"));
    WitnessSigningKey witness =
        WitnessSigningKey.fromSeed("witness.example/w1", sha("example witness"));
    Checkpoint checkpoint = Checkpoint.of("hub.example/log", 5, tree.root());

    assertThat(HexFormat.of().formatHex(EventLeaf.encode(0, sha("chain 0"))))
        .startsWith("726f6761746f72792d7631206576656e742d6c6561660000000000000000009e460670")
        .endsWith("79a9");
    assertThat(EventLeaf.hash(0, sha("chain 0")).toHex())
        .isEqualTo("35b6ec35cc395ec6fed660a2d44ae359f353d1bfb6945b4ab5a3639510e37f29");
    assertThat(log.verifierKeys().get(0).encode())
        .isEqualTo("hub.example/log+8c58b8f4+AfkNuv2DxbLPTM5BQ4FdDp4+on8rwyapj3vT5hV0Aa2B");
    assertThat(log.verifierKeys().get(1).encode())
        .startsWith(
            "hub.example/log+053af2e6+/3JvZ2F0b3J5LXYxIG1sLWRzYS02NX30ySJmMfpS6j9DWaEjAIDWSjE")
        .hasSize(2657);
    assertThat(witness.verifierKey().encode())
        .isEqualTo("witness.example/w1+85f2bb93+BBIxkVHpjRp+xtHU4pxjWW9N1oVCnZu6PT2rnLBJRkUG");
    assertThat(checkpoint.text())
        .isEqualTo("hub.example/log\n5\nazrlZ/tQgF38/dp7rUlQojPwr5+pbLiDf6IimgPW1lg=\n");

    SignedNote note =
        log.sign(checkpoint)
            .withSignature(
                witness.cosign(
                    checkpoint,
                    Clock.fixed(Instant.ofEpochSecond(1_790_000_000L), ZoneOffset.UTC)));

    assertThat(note.signatures().get(0).line())
        .isEqualTo(
            "\u2014 hub.example/log jFi49LrE2e3QIPuGSq0hGm+LFo+ounHhc3NRC3D+8ECarldRsFfjIP7mciuavY0+MJkAQGmOvNoDxLYUmU4r+yxgVgc=\n");
    assertThat(note.signatures().get(1).line())
        .startsWith("\u2014 hub.example/log BTry5")
        .hasSize(4420 + 19);
    assertThat(note.signatures().get(2).line())
        .isEqualTo(
            "\u2014 witness.example/w1 hfK7kwAAAABqsTuA6BpjeNmbVA1YOQiFGxaGR08mQFjUXQoCxNVO+LXXM8cD8MPReV2CLOgu7LY6wR5sU1BqAVYlln066ksDQhH3BQ==\n");
    assertThat(
            CheckpointVerifier.forLog("hub.example/log", log.verifierKeys())
                .withWitnesses(1, java.util.List.of(witness.verifierKey()))
                .verify(note.encode()))
        .isEqualTo(checkpoint);
  }
}
