package org.rogatory.hub.party.query;

import java.util.List;
import org.rogatory.hub.infra.replay.ReplayableReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The party directory as a read model the replay rebuilds. */
@Configuration
class PartyReadModels {
  @Bean
  ReplayableReadModel partyDirectoryReadModel() {
    return ReplayableReadModel.of(
        "party-directory",
        List.of("party_directory", "party_certificates"),
        PartyDirectoryProjection::new);
  }
}
