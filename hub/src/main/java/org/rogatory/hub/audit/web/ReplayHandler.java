package org.rogatory.hub.audit.web;

import org.rogatory.hub.infra.replay.ReadModelReplay;
import org.rogatory.hub.infra.replay.ReplayReport;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.hub.infra.web.Blocking;
import org.rogatory.hub.infra.web.Caller;
import org.rogatory.protocol.ErrorCode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The replay of the read models as an administrator's operation: {@code POST} rebuilds every read
 * model from the event history into shadow collections and compares them with the live ones
 * (docs/operations.md, "Replaying the read models"); {@code GET} shows the latest report.
 */
@RestController
class ReplayHandler {
  private final ReadModelReplay replay;

  ReplayHandler(ReadModelReplay replay) {
    this.replay = replay;
  }

  @PostMapping("/v1/admin/read-models/replay")
  Mono<ReplayReport> run(ServerWebExchange exchange) {
    String admin = Caller.of(exchange).requireAdministrator();
    return Blocking.call(
        () -> {
          try {
            return replay.run("admin:" + admin);
          } catch (ReadModelReplay.AlreadyRunningException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
          }
        });
  }

  @GetMapping("/v1/admin/read-models/replay")
  Mono<ReplayReport> latest(ServerWebExchange exchange) {
    Caller.of(exchange).requireAdministrator();
    return Blocking.call(
        () ->
            replay
                .latest()
                .orElseThrow(
                    () ->
                        new ApiException(
                            ErrorCode.NOT_FOUND,
                            "no replay has run yet; POST to this address to run one")));
  }
}
