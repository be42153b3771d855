package org.rogatory.hub.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rogatory.hub.sdk.SdkFixtures.openRequest;

import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.client.Attachment;
import org.rogatory.client.AttachmentSource;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.MessageRejectedException;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.SentMessage;
import org.rogatory.client.TransferListener;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.sdk.SdkFixtures.Party;
import org.rogatory.hub.support.CuttingProxy;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Attachments through the SDK against the real hub: sealed and uploaded next to a message, the
 * upload cut mid-body and resumed from the hub's offset, downloaded by the recipient with the
 * download cut and resumed by range, decrypted as it streams; refused to a third party, and refused
 * on the receiving side when the stored ciphertext was altered, with no plaintext left.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=sdk-attachments")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SdkAttachmentIT {
  static final int CHUNK = 255 * 1024;

  @LocalServerPort int port;
  @Autowired HubPki pki;
  @Autowired MongoDatabase database;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  CuttingProxy proxy;
  Party court;
  Party state;
  Party stranger;
  HubClient courtViaProxy;
  HubClient stateViaProxy;

  @BeforeAll
  void enrolParties() throws Exception {
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court.registry-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state.cd-" + suffix, "CENTRAL_AUTHORITY");
    stranger = fixtures.enrol("state.cf-" + suffix, "CENTRAL_AUTHORITY");
    proxy = CuttingProxy.to(port);
    courtViaProxy = fixtures.clientVia(court, proxy.port());
    stateViaProxy = fixtures.clientVia(state, proxy.port());
  }

  @AfterAll
  void close() throws Exception {
    proxy.close();
    fixtures.close();
  }

  private static Path randomFile(String name, int size, long seed) throws Exception {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Files.write(tmp.resolve(name), b);
  }

  private static List<String> partialFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains("rogatory-partial"))
          .toList();
    }
  }

  @Test
  void attachmentsUploadAndDownload_survivingCuts_openIntoTheSentBytes() throws Exception {
    String requestId = openRequest(court.client(), state.id());
    Path note = Files.writeString(tmp.resolve("note.txt"), "Please find the records attached.");
    Path scan = randomFile("bank-records.pdf", 4 * CHUNK + 777, 11);
    byte[] statement = "witness statement, transcribed".getBytes(StandardCharsets.UTF_8);

    List<Long> progress = new CopyOnWriteArrayList<>();
    // Mid-body of the scan's upload; the line stalls first, so the hub stores two whole chunks.
    proxy.cutUploadAfter(2L * CHUNK + CHUNK / 3, Duration.ofMillis(1500));
    SentMessage sent =
        courtViaProxy
            .messages()
            .send(
                requestId,
                note,
                "text/plain",
                List.of(
                    AttachmentSource.file(scan, "application/pdf"),
                    AttachmentSource.stream(
                        "statement.txt", "text/plain", new ByteArrayInputStream(statement))),
                (done, total) -> progress.add(done));
    assertThat(proxy.cuts()).as("the upload was cut").isEqualTo(1);
    assertThat(sent.attachments())
        .extracting(Attachment::fileName)
        .containsExactly("bank-records.pdf", "statement.txt");
    Attachment sealedScan = sent.attachments().get(0);
    assertThat(sealedScan.size()).isEqualTo(Files.size(scan));
    // Resumed, not restarted: after the cut, progress went on from a whole chunk the hub kept.
    int drop = -1;
    for (int i = 1; i < progress.size(); i++) {
      if (progress.get(i) < progress.get(i - 1)) {
        drop = i;
        break;
      }
    }
    assertThat(drop).as("progress shows the resumption").isPositive();
    assertThat(progress.get(drop)).isGreaterThan(2L * CHUNK);

    Path inbox = Files.createDirectories(tmp.resolve("state-inbox-" + requestId));
    ReceivedMessage received =
        stateViaProxy
            .messages()
            .fetch(requestId, sent.messageId(), inbox.resolve("note"), TransferListener.NONE);
    assertThat(received.contentType()).isEqualTo("text/plain");
    assertThat(Files.readString(received.file())).isEqualTo("Please find the records attached.");
    assertThat(received.attachments()).isEqualTo(sent.attachments());

    proxy.cutDownloadAfter(3L * CHUNK); // mid-body of the scan's download
    List<Long> downloaded = new CopyOnWriteArrayList<>();
    Path scanOut =
        stateViaProxy
            .messages()
            .fetchAttachment(
                received, sealedScan, inbox.resolve("scan.pdf"), (d, t) -> downloaded.add(d));
    assertThat(proxy.cuts()).as("the download was cut").isEqualTo(2);
    assertThat(Files.readAllBytes(scanOut)).isEqualTo(Files.readAllBytes(scan));
    assertThat(downloaded).isSorted(); // resumed by range: never back to zero
    assertThat(downloaded.get(downloaded.size() - 1)).isEqualTo(sealedScan.sealedSize());
    Path statementOut =
        state
            .client()
            .messages()
            .fetchAttachment(
                received,
                received.attachments().get(1),
                inbox.resolve("statement.txt"),
                TransferListener.NONE);
    assertThat(Files.readAllBytes(statementOut)).isEqualTo(statement);
    assertThat(partialFiles(inbox)).isEmpty();

    // The sender reads its own attachment; a third party is refused by the hub.
    Path own = tmp.resolve("own-" + requestId + ".pdf");
    court.client().messages().fetchAttachment(received, sealedScan, own, TransferListener.NONE);
    assertThat(Files.readAllBytes(own)).isEqualTo(Files.readAllBytes(scan));
    Path stolen = tmp.resolve("stolen-" + requestId);
    assertThatThrownBy(
            () ->
                stranger
                    .client()
                    .messages()
                    .fetchAttachment(received, sealedScan, stolen, TransferListener.NONE))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(stolen).doesNotExist();
  }

  @Test
  void swappedOrAlteredAttachment_isRejectedOnTheReceivingSide_withNoPlaintextLeft()
      throws Exception {
    String requestId = openRequest(court.client(), state.id());
    Path note = Files.writeString(tmp.resolve("note-" + requestId), "see attached");
    Path doc = randomFile("doc-" + requestId + ".bin", 3 * CHUNK, 12);
    SentMessage sent =
        court
            .client()
            .messages()
            .send(
                requestId,
                note,
                "text/plain",
                List.of(AttachmentSource.file(doc)),
                TransferListener.NONE);
    Attachment a = sent.attachments().get(0);
    Path out = Files.createDirectories(tmp.resolve("tampered-" + requestId));
    ReceivedMessage received =
        state
            .client()
            .messages()
            .fetch(requestId, sent.messageId(), out.resolve("note"), TransferListener.NONE);
    Path target = out.resolve("doc.bin");

    // A list naming another envelope than the one stored is refused: the hub cannot swap
    // attachments (here the list is forged on the receiving side to stand for such a swap).
    Attachment swapped =
        new Attachment(
            a.attachmentId(),
            UUID.randomUUID().toString(),
            a.fileName(),
            a.contentType(),
            a.size(),
            a.sealedSize(),
            a.sealedSha256());
    ReceivedMessage claimed =
        new ReceivedMessage(
            received.requestId(),
            received.messageId(),
            received.sender(),
            received.contentType(),
            received.createdAt(),
            received.envelopeDigest(),
            received.envelopeSize(),
            received.file(),
            List.of(swapped));
    assertThatThrownBy(
            () ->
                state
                    .client()
                    .messages()
                    .fetchAttachment(claimed, swapped, target, TransferListener.NONE))
        .isInstanceOf(MessageRejectedException.class)
        .hasMessageContaining("another document");
    assertThat(target).doesNotExist();

    // Someone with access to the hub's store flips one byte of the second chunk.
    var chunks = database.getCollection("blob_chunks");
    Document chunk = chunks.find(new Document("_id", a.attachmentId() + "#1")).first();
    assertThat(chunk).as("the attachment's second chunk is stored").isNotNull();
    byte[] data = chunk.get("data", Binary.class).getData();
    data[1000] ^= 0x01;
    chunks.updateOne(
        new Document("_id", a.attachmentId() + "#1"),
        new Document("$set", new Document("data", new Binary(data))));
    assertThatThrownBy(
            () ->
                state
                    .client()
                    .messages()
                    .fetchAttachment(received, a, target, TransferListener.NONE))
        .isInstanceOf(MessageRejectedException.class)
        .hasMessageContaining(a.attachmentId());
    assertThat(target).doesNotExist();
    assertThat(partialFiles(out)).isEmpty();
  }
}
