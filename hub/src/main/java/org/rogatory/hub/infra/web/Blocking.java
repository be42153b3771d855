package org.rogatory.hub.infra.web;

import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (commands, store reads) off the Netty event loop. */
public final class Blocking {
  private Blocking() {}

  public static <T> Mono<T> call(Callable<T> work) {
    return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
  }
}
