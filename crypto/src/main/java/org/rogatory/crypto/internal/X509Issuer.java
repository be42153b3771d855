package org.rogatory.crypto.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** X.509 issuance with Bouncy Castle's PKIX builders; keys and certificates are JDK types. */
public final class X509Issuer {
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private X509Issuer() {}

  /** What kind of certificate to issue. */
  public enum Profile {
    CA,
    CLIENT,
    SERVER
  }

  public static X509Certificate issue(
      Profile profile,
      String subjectCommonName,
      List<String> uriNames,
      List<String> dnsNames,
      PublicKey subjectKey,
      X509Certificate issuer,
      PrivateKey issuerKey,
      Instant notBefore,
      Instant notAfter)
      throws GeneralSecurityException {
    try {
      X500Name subject = new X500Name("CN=" + escape(subjectCommonName) + ",O=Rogatory");
      X500Name issuerName =
          issuer == null
              ? subject
              : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
      BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName, serial, Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
      if (issuer != null) {
        b.addExtension(
            Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
      }
      switch (profile) {
        case CA -> {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
          b.addExtension(
              Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        case CLIENT -> {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        }
        case SERVER -> {
          b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
          b.addExtension(
              Extension.extendedKeyUsage,
              false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }
      }
      GeneralName[] names = new GeneralName[uriNames.size() + dnsNames.size()];
      int i = 0;
      for (String u : uriNames) {
        names[i++] = new GeneralName(GeneralName.uniformResourceIdentifier, u);
      }
      for (String d : dnsNames) {
        names[i++] =
            d.matches("[0-9.]+|[0-9a-fA-F:]+:[0-9a-fA-F:]*")
                ? new GeneralName(GeneralName.iPAddress, d)
                : new GeneralName(GeneralName.dNSName, d);
      }
      if (names.length > 0) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).build(issuerKey);
      return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("certificate issuance failed", e);
    }
  }

  /** Parses a DER PKCS#10 request and checks its self-signature; returns its public key. */
  public static PublicKey verifiedCsrKey(byte[] der) throws MalformedInputException {
    try {
      JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(der);
      PublicKey key = csr.getPublicKey();
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new MalformedInputException("the request's signature does not verify");
      }
      return key;
    } catch (IOException
        | GeneralSecurityException
        | OperatorCreationException
        | PKCSException
        | RuntimeException e) {
      throw new MalformedInputException("not a valid PKCS#10 certificate signing request");
    }
  }

  /** A DER PKCS#10 request for {@code keys}, naming {@code commonName}. */
  public static byte[] csr(KeyPair keys, String commonName) throws GeneralSecurityException {
    try {
      PKCS10CertificationRequestBuilder b =
          new JcaPKCS10CertificationRequestBuilder(
              new X500Name("CN=" + escape(commonName)), keys.getPublic());
      PKCS10CertificationRequest csr =
          b.build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate()));
      return csr.getEncoded();
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("could not build the certificate request", e);
    }
  }

  private static String escape(String s) {
    return s.replaceAll("([,+\"\\\\<>;=#])", "\\\\$1");
  }
}
