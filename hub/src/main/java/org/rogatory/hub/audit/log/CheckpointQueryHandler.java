package org.rogatory.hub.audit.log;

import org.axonframework.queryhandling.QueryHandler;
import org.rogatory.hub.audit.api.AuditQueries.CheckpointView;
import org.rogatory.hub.audit.api.AuditQueries.FindLatestCheckpointQuery;
import org.springframework.stereotype.Component;

/**
 * Answers other features' questions about the transparency log (the staff console's audit page).
 */
@Component
class CheckpointQueryHandler {
  private final LogStore store;

  CheckpointQueryHandler(LogStore store) {
    this.store = store;
  }

  @QueryHandler
  CheckpointView handle(FindLatestCheckpointQuery q) {
    return store.latest().map(c -> new CheckpointView(c.size(), c.note())).orElse(null);
  }
}
