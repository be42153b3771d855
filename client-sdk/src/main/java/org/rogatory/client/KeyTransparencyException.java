package org.rogatory.client;

import org.rogatory.protocol.ErrorCode;

/**
 * The hub could not prove that a key bundle its directory shows is registered in its transparency
 * log, under a checkpoint signed by the log keys this client pinned: the SDK refuses to seal to
 * that key. Either the hub is misbehaving (showing a key it never logged) or its answer was
 * damaged; report it, with the message, to the Registry and to the party concerned.
 */
public final class KeyTransparencyException extends HubException {
  private static final long serialVersionUID = 1L;

  KeyTransparencyException(String message) {
    super(ErrorCode.BAD_KEY_BUNDLE, 200, message, null);
  }
}
