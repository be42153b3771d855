package org.rogatory.hub.party.api;

import org.rogatory.hub.party.api.PartyQueries.PartyView;

/**
 * Direct reads of the party directory for other features' hot paths (no query bus): the same answer
 * as {@link PartyQueries.FindPartyQuery}, checked against the event log before use (decision 0011).
 */
public interface PartyDirectory {
  /** The party's directory entry, or null if there is no such party. */
  PartyView find(String partyId);
}
