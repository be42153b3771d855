package org.rogatory.hub.console.query;

import java.util.List;
import org.rogatory.hub.infra.replay.ReplayableReadModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The console's read models (proposals, chain verifications), for the replay. */
@Configuration
class ConsoleReadModels {
  @Bean
  ReplayableReadModel consoleProposalsReadModel() {
    return ReplayableReadModel.of(
        "console-proposals", List.of("console_proposals"), ProposalProjection::new);
  }

  @Bean
  ReplayableReadModel consoleAuditReadModel() {
    return ReplayableReadModel.of(
        "console-audit", List.of("console_chain_verifications"), ChainVerificationProjection::new);
  }
}
