package org.rogatory.hub.party.api;

/** What kind of organisation a party is. */
public enum PartyKind {
  /** Registry, Office of the Prosecutor, Presidency: may open cooperation requests. */
  COURT_ORGAN,
  /** The channel a State designated (ministry of justice or foreign affairs). */
  CENTRAL_AUTHORITY,
  /** An international organisation or another invited body. */
  ORGANISATION,
  /**
   * An independent oversight body: reads the whole event history (metadata only) to audit the hub;
   * it may not open requests, be addressed, or send messages.
   */
  AUDITOR
}
