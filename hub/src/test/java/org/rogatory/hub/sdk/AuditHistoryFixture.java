package org.rogatory.hub.sdk;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.rogatory.client.ReceivedMessage;
import org.rogatory.client.SentMessage;
import org.rogatory.client.TransferListener;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.support.StoredHistory;

/**
 * The history the audit tamper tests export and edit: a Court organ, a State and an auditor
 * enrolled through the SDK, one request from the Court to the State, and the stored events a forger
 * edits and each test restores.
 */
final class AuditHistoryFixture implements AutoCloseable {
  final SdkFixtures fixtures;
  final SdkFixtures.Party court;
  final SdkFixtures.Party state;
  final SdkFixtures.Party auditor;
  final String requestId;
  final Path letter;
  private final Path tmp;
  private final MongoDatabase mongo;
  private List<Document> original;

  /** Enrols the three parties under ids tagged {@code tag} and opens the request. */
  AuditHistoryFixture(int port, HubPki pki, MongoDatabase mongo, Path tmp, String tag)
      throws Exception {
    this.tmp = tmp;
    this.mongo = mongo;
    fixtures = new SdkFixtures(port, pki, tmp);
    String suffix = SdkFixtures.suffix();
    court = fixtures.enrol("court." + tag + "-" + suffix, "COURT_ORGAN");
    state = fixtures.enrol("state." + tag + "-" + suffix, "CENTRAL_AUTHORITY");
    auditor = fixtures.enrol("oversight." + tag + "-" + suffix, "AUDITOR");
    requestId = SdkFixtures.openRequest(court.client(), state.id());
    letter = tmp.resolve("letter.pdf");
    Files.write(letter, new byte[512]);
  }

  /**
   * The Court sends the letter; after time for a checkpoint the State fetches and acknowledges it.
   */
  void sendFetchAcknowledge(int i) throws Exception {
    SentMessage sent = sendLetter();
    Thread.sleep(1100); // let a checkpoint fall between the messages
    // fetching sends a signed retrieval receipt (MessageRetrievedEvent revision 2)
    ReceivedMessage got =
        state
            .client()
            .messages()
            .fetch(requestId, sent.messageId(), tmp.resolve("got" + i), TransferListener.NONE);
    state.client().messages().acknowledge(got);
  }

  /** The Court sends the letter in the request. */
  SentMessage sendLetter() throws Exception {
    return court
        .client()
        .messages()
        .send(requestId, letter, "application/pdf", TransferListener.NONE);
  }

  /** Writes the auditor's export of the whole history, through the hub, to {@code bundle}. */
  Path export(Path bundle) throws Exception {
    try (OutputStream out = Files.newOutputStream(bundle)) {
      auditor.client().auditExport().writeTo(out);
    }
    return bundle;
  }

  /** The stored events, as the MongoDB driver sees them. */
  MongoCollection<Document> events() {
    return mongo.getCollection("events");
  }

  /** The stored history, as a forger with the store edits it. */
  StoredHistory forger() {
    return new StoredHistory(mongo);
  }

  /** Remembers the stored events as they are now, for {@link #restore}. */
  void keepOriginal() {
    original = new ArrayList<>();
    events().find().into(original);
  }

  /** Puts back the stored events {@link #keepOriginal} remembered. */
  void restore() {
    events().deleteMany(new Document());
    events().insertMany(original);
  }

  @Override
  public void close() throws Exception {
    fixtures.close();
  }
}
