package org.rogatory.client;

/**
 * A fetched message was refused on this side: it did not decrypt with the party's key, its sender's
 * signature did not verify against a key the directory lists for the sender, or the envelope is not
 * the message that was asked for. No plaintext was released.
 *
 * <h2>Security guarantees</h2>
 *
 * The message says nothing about which check failed, so a sender learns nothing from it.
 */
public final class MessageRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A refusal with {@code message}, a sentence safe to show. */
  public MessageRejectedException(String message) {
    super(message, null, false, false);
  }
}
