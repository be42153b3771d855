package org.rogatory.client.cli;

import java.io.Console;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.rogatory.crypto.KeyFilePreset;

/**
 * What the CLI takes from its surroundings, injectable so tests run it in-process: the environment,
 * a way to prompt on a terminal (absent when not on one), the clock, and the KDF preset for new key
 * files.
 *
 * @param environment environment variables, e.g. {@code ROGATORY_PASSPHRASE}
 * @param prompt reads a secret from the terminal without echo, or {@code null} when there is none
 *     (and then no progress bars are shown either)
 * @param clock stamps envelopes and key validity
 * @param keyFilePreset Argon2id parameters for key files written by {@code keys generate}
 */
public record CliContext(
    Map<String, String> environment, Prompt prompt, Clock clock, KeyFilePreset keyFilePreset) {

  /** Reads a secret typed on the terminal. */
  @FunctionalInterface
  public interface Prompt {
    /** Shows {@code message} and returns what was typed, without echo; null at end of input. */
    char[] readSecret(String message);
  }

  /** Validates the record's fields. */
  public CliContext {
    environment = Map.copyOf(environment);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(keyFilePreset, "keyFilePreset");
  }

  /**
   * Whether the CLI talks to a person at a terminal: then it may prompt, and it shows progress bars
   * on long transfers.
   */
  public boolean isTerminal() {
    return prompt != null;
  }

  /** The real surroundings: process environment, the system console if any, the system clock. */
  public static CliContext system() {
    Console console = System.console();
    Prompt prompt = console == null ? null : message -> console.readPassword("%s", message);
    return new CliContext(System.getenv(), prompt, Clock.systemUTC(), KeyFilePreset.ARGON2ID_64MIB);
  }
}
