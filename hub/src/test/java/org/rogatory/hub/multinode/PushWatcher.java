package org.rogatory.hub.multinode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.rogatory.hub.support.HubApiClient.Sse;
import org.rogatory.hub.support.HubTestBase.Party;

/**
 * One party's push channel ({@code /v1/events}) held open on one hub node, keeping every
 * notification received; when its node goes away it resumes on another from the last id it saw.
 */
final class PushWatcher {
  final Party party;
  private final BlockingQueue<Sse> queue = new LinkedBlockingQueue<>();
  private final List<Sse> received = new ArrayList<>();
  private AutoCloseable connection;
  private int port;

  PushWatcher(Party party) {
    this.party = party;
  }

  /** Opens the channel on {@code port} from the start of the party's history. */
  void connect(int port) throws Exception {
    this.port = port;
    connection = party.client().at(port).events("-1", queue);
  }

  /** Resumes on {@code port} after the last notification received. */
  synchronized void resumeOn(int port) throws Exception {
    close();
    drain();
    this.port = port;
    String last = received.isEmpty() ? "-1" : received.get(received.size() - 1).id();
    connection = party.client().at(port).events(last, queue);
  }

  int port() {
    return port;
  }

  /** Everything received so far, in order of arrival. */
  synchronized List<Sse> received() {
    drain();
    return List.copyOf(received);
  }

  private void drain() {
    queue.drainTo(received);
  }

  synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (Exception e) {
        // already gone with its node
      }
      connection = null;
    }
  }
}
