package org.rogatory.hub.infra.web;

import java.security.cert.X509Certificate;
import org.rogatory.hub.party.api.PartyQueries.PartyView;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is calling, as established by the TLS client certificate: a party, or a Court administrator.
 * Set by {@link CallerAuthenticationFilter} on every authenticated exchange. For a party, {@code
 * directoryEntry} is the party as the directory showed it when the call was authenticated (its
 * kind, keys and status), current as of that check.
 */
public record Caller(
    String party, String administrator, String certificateSerial, PartyView directoryEntry) {
  static final String ATTRIBUTE = Caller.class.getName();

  public static Caller of(ServerWebExchange exchange) {
    Caller caller = exchange.getAttribute(ATTRIBUTE);
    if (caller == null) {
      throw new ApiException(
          org.rogatory.protocol.ErrorCode.UNAUTHENTICATED,
          "this call needs the client certificate the hub issued to your party");
    }
    return caller;
  }

  /** The calling party; refuses administrators, who act through the admin API only. */
  public String requireParty() {
    if (party == null) {
      throw new ApiException(
          org.rogatory.protocol.ErrorCode.FORBIDDEN,
          "administrators act through /v1/admin; this call is for parties");
    }
    return party;
  }

  public String requireAdministrator() {
    if (administrator == null) {
      throw new ApiException(
          org.rogatory.protocol.ErrorCode.FORBIDDEN,
          "this call is reserved to Court administrators");
    }
    return administrator;
  }

  static String serialOf(X509Certificate cert) {
    return cert.getSerialNumber().toString(16);
  }
}
