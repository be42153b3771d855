package org.rogatory.hub.party.query;

import java.util.List;
import org.rogatory.hub.infra.eventstore.EventLog;
import org.rogatory.hub.infra.replay.ReplayableReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The party directory as a read model the replay rebuilds. */
@Configuration
class PartyReadModels {
  /** The rebuilt copy reads nothing through its cache; it gets the live log only to be built. */
  @Bean
  ReplayableReadModel partyDirectoryReadModel(EventLog log) {
    return ReplayableReadModel.of(
        "party-directory",
        List.of("party_directory", "party_certificates"),
        database -> new PartyDirectoryProjection(database, log));
  }
}
