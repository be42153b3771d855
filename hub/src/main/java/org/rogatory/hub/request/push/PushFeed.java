package org.rogatory.hub.request.push;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.rogatory.hub.party.api.PartyEvents.CertificateRevokedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartyReinstatedEvent;
import org.rogatory.hub.party.api.PartyEvents.PartySuspendedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationRequestedEvent;
import org.rogatory.hub.request.api.RequestEvents.ConsultationResolvedEvent;
import org.rogatory.hub.request.api.RequestEvents.ExecutionStartedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageNotRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageRetrievedEvent;
import org.rogatory.hub.request.api.RequestEvents.MessageSubmittedEvent;
import org.rogatory.hub.request.api.RequestEvents.OutcomeReportedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestAcknowledgedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestClosedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestDeliveredEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestEscalatedEvent;
import org.rogatory.hub.request.api.RequestEvents.RequestOpenedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Notifications for connected parties, in the global order of the event log, with resume.
 *
 * <p>Every hub node tails the shared event store itself (one thread per node), so a party connected
 * to any node hears of every event, whichever node wrote it. Each notification carries the global
 * sequence of its event as its id. A party that reconnects with the last id it saw gets everything
 * after it exactly once: first what the node still holds in memory (the most recent {@code
 * ringSize} notifications) or, for a longer absence, a private read of the store from that point,
 * then the live tail. A subscriber is registered before the history snapshot is taken, and live
 * notifications at or below the last one replayed are skipped, so nothing falls between history and
 * live and nothing is sent twice.
 *
 * <p>A party suspended, or a certificate revoked, loses its open streams as soon as this node's
 * tail reads the fact, and cannot open new ones through this node from then on, even before the
 * party directory (which the authentication filter consults) has caught up.
 *
 * <p>A subscriber that does not keep up (its buffer of {@value #SUBSCRIBER_BUFFER} notifications is
 * full) is disconnected rather than silently skipped; it reconnects and resumes.
 */
@Component
public class PushFeed implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(PushFeed.class);
  static final int SUBSCRIBER_BUFFER = 4096;

  /** One notification: metadata only, never content. */
  public record Notification(
      long sequence,
      String type,
      String requestId,
      String messageId,
      String actor,
      String detail,
      Instant at,
      Set<String> parties) {}

  private final EventStore eventStore;
  private final int ringSize;
  private final Object lock = new Object();
  private final ArrayDeque<Notification> ring = new ArrayDeque<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, Set<String>> participants =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
              return size() > 100_000;
            }
          });

  /**
   * Parties suspended, and certificates revoked, since this node's tail started. Guarded by lock.
   */
  private final Set<String> suspendedParties = new HashSet<>();

  private final Set<String> revokedCertificates = new HashSet<>();

  /** The last global sequence this node's tail has processed (-1: none). Guarded by lock. */
  private long tailPosition = -1;

  private volatile boolean running;
  private Thread tailer;

  PushFeed(EventStore eventStore, @Value("${rogatory.push.ring-size:10000}") int ringSize) {
    this.eventStore = eventStore;
    this.ringSize = ringSize;
  }

  private record Subscriber(String party, String certificate, Sinks.Many<Notification> sink) {}

  /** Why a stream was refused or cut: the party's access was withdrawn while it listened. */
  public enum Withdrawal {
    PARTY_SUSPENDED,
    CERTIFICATE_REVOKED
  }

  /** A stream ended because the party was suspended or its certificate revoked. */
  public static final class AccessWithdrawnException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Withdrawal why;

    AccessWithdrawnException(Withdrawal why, String message) {
      super(message);
      this.why = why;
    }

    public Withdrawal why() {
      return why;
    }
  }

  /**
   * The last global sequence this node has processed (-1: none yet): subscribing with it as {@code
   * after} means "from now", and a client that holds it can resume without a gap even if it never
   * received a notification.
   */
  public long position() {
    synchronized (lock) {
      return tailPosition;
    }
  }

  /**
   * The notifications for {@code party} after global sequence {@code after} (or from now, when
   * {@code after} is null), then live, until the subscriber cancels.
   */
  public Flux<Notification> subscribe(String party, String certificate, Long after) {
    Sinks.Many<Notification> sink =
        Sinks.many()
            .unicast()
            .onBackpressureBuffer(Queues.<Notification>get(SUBSCRIBER_BUFFER).get());
    Subscriber subscriber = new Subscriber(party, certificate, sink);
    List<Notification> recent;
    long oldestInRing;
    long position;
    synchronized (lock) {
      AccessWithdrawnException refused = withdrawn(party, certificate);
      if (refused != null) {
        return Flux.error(refused);
      }
      subscribers.add(subscriber);
      position = tailPosition;
      oldestInRing = ring.isEmpty() ? position + 1 : ring.peekFirst().sequence();
      long from = after == null ? position : after;
      recent = new ArrayList<>();
      for (Notification n : ring) {
        if (n.sequence() > from && n.parties().contains(party)) {
          recent.add(n);
        }
      }
    }
    Flux<Notification> history;
    if (after == null || after >= oldestInRing - 1) {
      history = Flux.fromIterable(recent);
    } else {
      long catchUpTo = oldestInRing - 1;
      history =
          Flux.defer(() -> Flux.fromIterable(readStore(party, after, catchUpTo)))
              .subscribeOn(Schedulers.boundedElastic())
              .concatWith(Flux.fromIterable(recent));
    }
    long replayedUpTo = after == null ? position : Math.max(after, position);
    return history
        .concatWith(sink.asFlux().filter(n -> n.sequence() > replayedUpTo))
        .doFinally(signal -> subscribers.remove(subscriber));
  }

  /** Notifications for {@code party} with sequence in (after, upTo], read from the store. */
  private List<Notification> readStore(String party, long after, long upTo) {
    List<Notification> out = new ArrayList<>();
    TrackingToken token = after < 0 ? null : new GlobalSequenceTrackingToken(after);
    try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
      while (stream.hasNextAvailable(5, TimeUnit.SECONDS)) {
        TrackedEventMessage<?> event = stream.nextAvailable();
        long seq = sequenceOf(event);
        if (seq > upTo) {
          break;
        }
        Notification n = toNotification(event, seq);
        if (n != null && n.parties().contains(party)) {
          out.add(n);
        }
        if (seq == upTo) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The client went away during a long catch-up: the subscription is cancelled, which
      // interrupts this read (the store's driver wraps the interrupt in its own exception).
      // Nobody is left to tell, so this is not an error.
      if (!Thread.currentThread().isInterrupted() && !causedByInterrupt(e)) {
        throw e;
      }
      LOG.debug("push feed: catch-up read for {} abandoned, the subscriber left", party);
    }
    return out;
  }

  private static boolean causedByInterrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException
          || t.getClass().getSimpleName().contains("Interrupted")) {
        return true;
      }
    }
    return false;
  }

  private void tail() {
    long start;
    synchronized (lock) {
      start = tailPosition;
    }
    TrackingToken token = start < 0 ? null : new GlobalSequenceTrackingToken(start);
    while (running) {
      try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(token)) {
        while (running) {
          if (!stream.hasNextAvailable(500, TimeUnit.MILLISECONDS)) {
            continue;
          }
          TrackedEventMessage<?> event = stream.nextAvailable();
          long seq = sequenceOf(event);
          token = event.trackingToken();
          withdrawAccess(event.getPayload());
          publish(toNotification(event, seq), seq);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("push feed: reading the event store failed; retrying", e);
        sleepQuietly();
      }
    }
  }

  private void publish(Notification n, long seq) {
    synchronized (lock) {
      tailPosition = seq;
      if (n == null) {
        return;
      }
      ring.addLast(n);
      while (ring.size() > ringSize) {
        ring.removeFirst();
      }
      List<Subscriber> tooSlow = new ArrayList<>();
      for (Subscriber s : subscribers) {
        if (n.parties().contains(s.party())
            && s.sink().tryEmitNext(n) == Sinks.EmitResult.FAIL_OVERFLOW) {
          tooSlow.add(s);
        }
      }
      for (Subscriber s : tooSlow) {
        subscribers.remove(s);
        s.sink()
            .tryEmitError(
                new SubscriberTooSlowException(
                    "the push channel fell more than "
                        + SUBSCRIBER_BUFFER
                        + " notifications behind; reconnect with Last-Event-ID to resume"));
      }
    }
  }

  /**
   * Refuses, with {@link AccessWithdrawnException}, a party suspended or a certificate revoked
   * since this node's tail started: called before a stream is opened, so the refusal is an HTTP
   * error rather than a stream that opens and breaks.
   */
  public void requireAccess(String party, String certificate) {
    synchronized (lock) {
      AccessWithdrawnException refused = withdrawn(party, certificate);
      if (refused != null) {
        throw refused;
      }
    }
  }

  /** Null when {@code party} may listen with {@code certificate}, else why not. Holds lock. */
  private AccessWithdrawnException withdrawn(String party, String certificate) {
    if (suspendedParties.contains(party)) {
      return new AccessWithdrawnException(
          Withdrawal.PARTY_SUSPENDED, "party " + party + " is suspended");
    }
    if (certificate != null && revokedCertificates.contains(certificate)) {
      return new AccessWithdrawnException(
          Withdrawal.CERTIFICATE_REVOKED, "certificate " + certificate + " is revoked");
    }
    return null;
  }

  /** Records a suspension, reinstatement or revocation, and cuts the streams it concerns. */
  private void withdrawAccess(Object payload) {
    synchronized (lock) {
      if (payload instanceof PartySuspendedEvent e) {
        suspendedParties.add(e.partyId());
      } else if (payload instanceof PartyReinstatedEvent e) {
        suspendedParties.remove(e.partyId());
        return;
      } else if (payload instanceof CertificateRevokedEvent e) {
        revokedCertificates.add(e.certificateSerial());
      } else {
        return;
      }
      for (Subscriber s : subscribers) {
        AccessWithdrawnException cut = withdrawn(s.party(), s.certificate());
        if (cut != null) {
          subscribers.remove(s);
          s.sink().tryEmitError(cut);
        }
      }
    }
  }

  /** A subscriber was dropped because it did not read its notifications. */
  public static final class SubscriberTooSlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SubscriberTooSlowException(String message) {
      super(message);
    }
  }

  private static long sequenceOf(TrackedEventMessage<?> event) {
    if (event.trackingToken() instanceof GlobalSequenceTrackingToken g) {
      return g.getGlobalIndex();
    }
    throw new IllegalStateException("unexpected token " + event.trackingToken());
  }

  private Notification toNotification(TrackedEventMessage<?> event, long seq) {
    Object p = event.getPayload();
    Instant at = event.getTimestamp();
    if (p instanceof RequestOpenedEvent e) {
      Set<String> parties = Set.of(e.openedBy(), e.addressee());
      participants.put(e.requestId(), parties);
      return n(
          seq,
          "request-opened",
          e.requestId(),
          null,
          e.openedBy(),
          e.category().name(),
          at,
          parties);
    }
    Fact f = factOf(p);
    if (f == null) {
      return null;
    }
    return n(
        seq,
        f.type(),
        f.requestId(),
        f.messageId(),
        f.actor(),
        f.detail(),
        at,
        of(f.requestId(), event));
  }

  /** What a notification says of a fact on a request: its type, message, actor and detail. */
  record Fact(String type, String requestId, String messageId, String actor, String detail) {}

  /** The fact a request event reports to the request's parties, or null if none. */
  static Fact factOf(Object p) {
    if (p instanceof MessageSubmittedEvent e) {
      return new Fact("message-submitted", e.requestId(), e.messageId(), e.sender(), null);
    }
    if (p instanceof MessageDeliveredEvent e) {
      return new Fact("message-delivered", e.requestId(), e.messageId(), e.recipient(), null);
    }
    if (p instanceof MessageRetrievedEvent e) {
      return new Fact("message-retrieved", e.requestId(), e.messageId(), e.recipient(), null);
    }
    if (p instanceof MessageNotRetrievedEvent e) {
      // A recipient let the retrieval deadline pass (decision 0013): the sender learns it has
      // evidence to ask for, the recipient that the deadline is gone.
      return new Fact(
          "message-not-retrieved",
          e.requestId(),
          e.messageId(),
          e.recipient(),
          e.delivered() ? "non-retrieval" : "non-delivery");
    }
    if (p instanceof RequestDeliveredEvent e) {
      return new Fact("request-delivered", e.requestId(), null, e.addressee(), null);
    }
    if (p instanceof RequestAcknowledgedEvent e) {
      return new Fact("request-acknowledged", e.requestId(), null, e.acknowledgedBy(), null);
    }
    if (p instanceof ExecutionStartedEvent e) {
      return new Fact("execution-started", e.requestId(), null, e.actingParty(), null);
    }
    if (p instanceof ConsultationRequestedEvent e) {
      return new Fact(
          "consultation-requested", e.requestId(), null, e.requestedBy(), e.reason().name());
    }
    if (p instanceof ConsultationResolvedEvent e) {
      return new Fact("consultation-resolved", e.requestId(), null, e.resolvedBy(), null);
    }
    if (p instanceof OutcomeReportedEvent e) {
      return new Fact("outcome-reported", e.requestId(), null, e.reportedBy(), e.outcome().name());
    }
    if (p instanceof RequestClosedEvent e) {
      return new Fact(
          "request-closed", e.requestId(), null, e.closedBy(), e.withdrawn() ? "withdrawn" : null);
    }
    if (p instanceof RequestEscalatedEvent e) {
      return new Fact("request-escalated", e.requestId(), null, null, null);
    }
    return null;
  }

  private static Notification n(
      long seq,
      String type,
      String requestId,
      String messageId,
      String actor,
      String detail,
      Instant at,
      Set<String> parties) {
    return new Notification(seq, type, requestId, messageId, actor, detail, at, parties);
  }

  /** The two parties of a request: from cache, else from the first event of its stream. */
  private Set<String> of(String requestId, TrackedEventMessage<?> event) {
    Set<String> known = participants.get(requestId);
    if (known != null) {
      return known;
    }
    String aggregateId =
        event instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() : requestId;
    DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
    while (stream.hasNext()) {
      Object first = stream.next().getPayload();
      if (first instanceof RequestOpenedEvent opened) {
        Set<String> parties = Set.of(opened.openedBy(), opened.addressee());
        participants.put(requestId, parties);
        return parties;
      }
      break;
    }
    return Set.of();
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    TrackingToken head = eventStore.createHeadToken();
    synchronized (lock) {
      tailPosition = head instanceof GlobalSequenceTrackingToken g ? g.getGlobalIndex() : -1;
    }
    running = true;
    tailer = new Thread(this::tail, "push-feed-tail");
    tailer.setDaemon(true);
    tailer.start();
  }

  @Override
  public void stop() {
    running = false;
    if (tailer != null) {
      tailer.interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
