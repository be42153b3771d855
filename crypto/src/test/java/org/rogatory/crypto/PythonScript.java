package org.rogatory.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a Python reference script of the interop tests with {@code python3} in a working folder. */
final class PythonScript {
  /** One run: the exit code and what the script wrote to standard output and standard error. */
  record Result(int exitCode, String stdout, String stderr) {}

  private final Path script;
  private final Path dir;
  private final Duration timeout;

  PythonScript(Path script, Path dir, Duration timeout) {
    this.script = script;
    this.dir = dir;
    this.timeout = timeout;
  }

  /** Runs the script with {@code args}; fails the test when it does not end within the timeout. */
  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("python3", script.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
      p.getOutputStream().close();
      CompletableFuture<String> out = drain(p.getInputStream());
      CompletableFuture<String> err = drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("python3 timed out: " + command);
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException("could not run python3 (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Runs the script and returns its standard output; fails the test on a non-zero exit. */
  String output(String... args) {
    Result r = run(args);
    assertThat(r.exitCode())
        .as("python3 %s %s%nstderr: %s", script.getFileName(), String.join(" ", args), r.stderr())
        .isZero();
    return r.stdout();
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
