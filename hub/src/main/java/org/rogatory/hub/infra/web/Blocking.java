package org.rogatory.hub.infra.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking work (commands, store reads) off the Netty event loop. Work subscribed from a
 * thread that may block (a bounded-elastic worker that already ran the caller's authentication,
 * say) runs there, without a second hand-off; from an event loop or any other non-blocking thread
 * it moves to a bounded-elastic worker.
 */
public final class Blocking {
  private Blocking() {}

  public static <T> Mono<T> call(Callable<T> work) {
    return Mono.defer(
        () ->
            Schedulers.isInNonBlockingThread()
                ? Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic())
                : Mono.fromCallable(work));
  }
}
