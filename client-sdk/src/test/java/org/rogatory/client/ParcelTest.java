package org.rogatory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParcelTest {
  @TempDir Path tmp;

  static Attachment attachment(String name) {
    return new Attachment(
        "att-" + UUID.randomUUID(),
        UUID.randomUUID().toString(),
        name,
        "application/pdf",
        10,
        4200,
        "ab".repeat(32));
  }

  @Test
  void payloadThenSplit_givesBackManifestAndBody() throws Exception {
    List<Attachment> listed = List.of(attachment("scan 1.pdf"), attachment("Zeugenaussage.pdf"));
    byte[] body = "covering note\nwith two lines".getBytes(StandardCharsets.UTF_8);
    Path payload = tmp.resolve("payload");
    try (InputStream in = Parcel.payload("text/plain", listed, new ByteArrayInputStream(body))) {
      Files.write(payload, in.readAllBytes());
    }
    Path out = tmp.resolve("body");
    Parcel.Manifest m = Parcel.split(payload, out);
    assertThat(m.contentType()).isEqualTo("text/plain");
    assertThat(m.attachments()).isEqualTo(listed);
    assertThat(Files.readAllBytes(out)).isEqualTo(body);
  }

  @Test
  void split_withoutManifestLine_isMalformed() throws Exception {
    Path payload = Files.write(tmp.resolve("p"), "no newline at all".getBytes());
    assertThatThrownBy(() -> Parcel.split(payload, tmp.resolve("b")))
        .isInstanceOf(Parcel.MalformedParcelException.class);
    assertThat(tmp.resolve("b")).doesNotExist();
  }

  @Test
  void split_withBadDigestOrPathLikeId_isMalformed() throws Exception {
    String bad =
        "{\"parcel\":1,\"contentType\":\"text/plain\",\"attachments\":[{\"attachmentId\":\"../x\","
            + "\"envelopeId\":\""
            + UUID.randomUUID()
            + "\",\"fileName\":\"a\",\"contentType\":\"text/plain\",\"size\":1,"
            + "\"sealedSize\":1,\"sealedSha256\":\""
            + "ab".repeat(32)
            + "\"}]}\nbody";
    Path payload = Files.write(tmp.resolve("p"), bad.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Parcel.split(payload, tmp.resolve("b")))
        .isInstanceOf(Parcel.MalformedParcelException.class);
  }
}
