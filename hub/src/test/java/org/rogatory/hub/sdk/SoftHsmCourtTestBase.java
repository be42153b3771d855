package org.rogatory.hub.sdk;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.hub.sdk.SdkFixtures.Party;
import org.rogatory.hub.support.SoftHsm;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the PKCS#11 integration tests share: skipped without SoftHSM, otherwise SDK fixtures on the
 * running hub and a Court organ enrolled through them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SoftHsmCourtTestBase {
  @LocalServerPort int port;
  @Autowired HubPki pki;
  @TempDir static Path tmp;

  SdkFixtures fixtures;
  Party court;

  @BeforeAll
  void setUp() throws Exception {
    SoftHsm.assumeAvailable();
    fixtures = new SdkFixtures(port, pki, tmp);
    court = fixtures.enrol("court.registry-" + SdkFixtures.suffix(), "COURT_ORGAN");
  }

  @AfterAll
  void close() throws Exception {
    if (fixtures != null) {
      fixtures.close();
    }
  }
}
