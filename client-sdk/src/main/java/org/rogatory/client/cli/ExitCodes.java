package org.rogatory.client.cli;

/**
 * The CLI's exit codes; scripts may rely on them (they are listed in {@code rogatory --help}).
 *
 * <ul>
 *   <li>0: success;
 *   <li>1: an unexpected failure (a bug: please report it with {@code --verbose} output);
 *   <li>2: usage error: an unknown option, a missing or invalid argument, no passphrase;
 *   <li>3: cryptographic failure: wrong passphrase, damaged key file or bundle, or an envelope that
 *       does not open (damaged, not sealed to this key, or not signed by the expected sender);
 *   <li>4: file error: a file is missing, unreadable, or would be overwritten;
 *   <li>5: the hub refused the call; the message names its error code (e.g. {@code
 *       ILLEGAL_TRANSITION});
 *   <li>6: the hub could not be reached, or did not answer in time, after the retries allowed;
 *   <li>7: split view: two checkpoints signed by the log contradict each other (the evidence is
 *       printed).
 * </ul>
 */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;

  /** An unexpected failure. */
  public static final int UNEXPECTED = 1;

  /** A usage error. */
  public static final int USAGE = 2;

  /** A cryptographic or authentication failure. */
  public static final int CRYPTO = 3;

  /** A file or other input/output failure. */
  public static final int IO = 4;

  /** The hub refused the call. */
  public static final int HUB_REFUSED = 5;

  /** The hub could not be reached. */
  public static final int HUB_UNREACHABLE = 6;

  /** Two checkpoints signed by the log contradict each other. */
  public static final int SPLIT_VIEW = 7;

  private ExitCodes() {}
}
