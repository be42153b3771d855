package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HubCertificateAuthorityTest {
  private static final HubCertificateAuthority CA =
      HubCertificateAuthority.create(
          "Rogatory test CA", Duration.ofDays(3650), CryptoFixtures.CLOCK);

  @Test
  void issueClientCertificate_fromValidCsr_namesTheParty_andChainsToTheCa() throws Exception {
    KeyPair keys = HubCertificateAuthority.newKeyPair();
    byte[] csr = HubCertificateAuthority.certificateRequest(keys, PartyId.of("state.nl"));
    X509Certificate cert =
        CA.issueClientCertificate(csr, PartyId.of("state.nl"), Duration.ofDays(365));

    cert.verify(CA.certificate().getPublicKey());
    assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
    assertThat(HubCertificateAuthority.partyOf(cert)).isEqualTo(PartyId.of("state.nl"));
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getSerialNumber().bitLength()).isGreaterThan(100);
  }

  @Test
  void issueClientCertificate_fromTamperedOrGarbageCsr_isRejected() {
    byte[] csr =
        HubCertificateAuthority.certificateRequest(
            HubCertificateAuthority.newKeyPair(), PartyId.of("state.nl"));
    byte[] tampered = csr.clone();
    tampered[tampered.length - 10] ^= 1;
    for (byte[] bad : List.of(tampered, new byte[] {1, 2, 3}, new byte[0])) {
      assertThatThrownBy(
              () -> CA.issueClientCertificate(bad, PartyId.of("state.nl"), Duration.ofDays(1)))
          .isInstanceOf(CryptoException.class)
          .extracting(e -> ((CryptoException) e).reason())
          .isEqualTo(CryptoException.Reason.MALFORMED);
    }
  }

  @Test
  void partyOf_serverCertificate_isRejected() {
    KeyPair keys = HubCertificateAuthority.newKeyPair();
    X509Certificate server =
        CA.issueServerCertificate(
            keys.getPublic(), List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
    assertThatThrownBy(() -> HubCertificateAuthority.partyOf(server))
        .isInstanceOf(CryptoException.class);
  }

  @Test
  void pkcs12_roundTrip_keepsTheCa_andWrongPasswordFails() throws Exception {
    byte[] p12 = CA.exportPkcs12("pw".toCharArray(), SecretKeyAccess.insecureSecretAccess());
    HubCertificateAuthority loaded =
        HubCertificateAuthority.loadPkcs12(p12, "pw".toCharArray(), CryptoFixtures.CLOCK);
    assertThat(loaded.certificate()).isEqualTo(CA.certificate());
    X509Certificate issued =
        loaded.issueClientCertificate(
            HubCertificateAuthority.certificateRequest(
                HubCertificateAuthority.newKeyPair(), PartyId.of("state.fr")),
            PartyId.of("state.fr"),
            Duration.ofDays(1));
    issued.verify(CA.certificate().getPublicKey());
    assertThatThrownBy(
            () ->
                HubCertificateAuthority.loadPkcs12(p12, "nope".toCharArray(), CryptoFixtures.CLOCK))
        .isInstanceOf(CryptoException.class);
  }
}
