package org.rogatory.hub.request.query;

import java.util.List;
import org.rogatory.hub.infra.replay.ReplayableReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request feature's read models, for the replay (request views, inboxes, request lists). */
@Configuration
class RequestReadModels {
  @Bean
  ReplayableReadModel requestViewsReadModel() {
    return ReplayableReadModel.of(
        ViewFreshness.REQUEST_VIEWS,
        List.of("request_views", "request_messages", "request_attachment_readers"),
        RequestViewProjection::new);
  }

  @Bean
  ReplayableReadModel inboxesReadModel() {
    return ReplayableReadModel.of(
        InboxProjection.PROCESSING_GROUP,
        List.of("inbox_entries", "inbox_heads"),
        InboxProjection::new);
  }

  @Bean
  ReplayableReadModel requestListsReadModel() {
    return ReplayableReadModel.of(
        InboxProjection.PROCESSING_GROUP,
        List.of(RequestListProjection.ENTRIES, RequestListProjection.HEADS),
        RequestListProjection::new);
  }
}
