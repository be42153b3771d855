package org.rogatory.hub.console.api;

/** What a member of the Court's staff may do in the console. */
public enum StaffRole {
  /** Runs the platform: enrols parties, creates staff accounts, proposes and approves actions. */
  ADMINISTRATOR,
  /** Follows cooperation requests and their deadlines; changes nothing. */
  CASE_OFFICER,
  /** Reads what the console shows, for oversight and audit; changes nothing. */
  OBSERVER
}
