package org.rogatory.client.cli;

/**
 * A failure the CLI reports as one sentence on stderr with a documented exit code; it carries no
 * stack trace because none is ever shown.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  CliFailure(int exitCode, String sentence) {
    super(sentence, null, false, false);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
