package org.rogatory.client;

import java.time.Duration;

/**
 * Receives what a {@link Subscription} hears, on the subscription's own thread, one call at a time
 * and in the order of the hub's event log. A lambda implements {@link #onNotification}; the other
 * methods are optional.
 *
 * <h2>Warning</h2>
 *
 * Keep {@link #onNotification} reasonably quick: a listener that falls thousands of notifications
 * behind is disconnected by the hub (the subscription then reconnects and resumes, so nothing is
 * lost, but it costs a reconnection). If it throws, the subscription ends and {@link
 * Subscription#position()} stays before the notification that failed, so a new subscription from
 * that position delivers it again.
 */
@FunctionalInterface
public interface PushListener {

  /** A notification, each exactly once per subscription, in increasing {@code sequence}. */
  void onNotification(Notification notification);

  /**
   * The stream is open (again); notifications after {@code position} follow.
   *
   * @param position the position the stream resumes after, or -2 if the hub did not say
   */
  default void onConnected(long position) {}

  /**
   * The connection broke or the hub answered with an error that may pass; the subscription
   * reconnects after {@code retryIn}.
   *
   * @param reason one sentence
   * @param retryIn the wait before the next attempt
   */
  default void onDisconnected(String reason, Duration retryIn) {}

  /**
   * The subscription ended by itself, for good: the hub refused it (e.g. {@code
   * CERTIFICATE_REVOKED}, {@code PARTY_SUSPENDED}) or the listener threw. Not called after {@link
   * Subscription#close()}.
   */
  default void onFailure(Exception cause) {}
}
