package org.rogatory.hub.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the benchmarks share: a report printed to the console and to a file, and the machine figures
 * each result line carries (load average, this process's CPU time).
 */
final class BenchReport implements AutoCloseable {
  private final PrintStream file;

  private BenchReport(PrintStream file) {
    this.file = file;
  }

  /** A report written to {@code path} (replaced) as well as to the console. */
  static BenchReport to(Path path) throws IOException {
    Files.createDirectories(path.getParent());
    return new BenchReport(
        new PrintStream(
            Files.newOutputStream(
                path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING),
            true,
            StandardCharsets.UTF_8));
  }

  void print(String format, Object... args) {
    String line = String.format(format, args);
    System.out.println(line);
    file.println(line);
  }

  @Override
  public void close() {
    file.close();
  }

  /** The 1-minute load average (other work on the machine competes for its cores). */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** CPU time this process has used, in seconds. */
  static double ownCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  /** Seconds since {@code nanoTime}. */
  static double since(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1e9;
  }
}
