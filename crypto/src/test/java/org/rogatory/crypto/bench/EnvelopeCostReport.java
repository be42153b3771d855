package org.rogatory.crypto.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EnvelopeBenchmark} and {@link PrimitiveBenchmark} in one JMH invocation and sets the
 * cost of sealing and opening a 4 KiB message against the sum of the primitives each one uses.
 *
 * <p>Usage: {@code java -cp <test classpath> org.rogatory.crypto.bench.EnvelopeCostReport [JMH
 * options]}, for example {@code -f 1 -wi 4 -w 2s -i 5 -r 3s}. Prints JMH's own report, then a
 * summary table, and {@code result.<name>=<value>} lines for scripts.
 */
public final class EnvelopeCostReport {
  /** The target: an envelope costs at most this many times its primitives. */
  static final double TARGET_RATIO = 1.3;

  private static final List<String> SEAL_PRIMITIVES =
      List.of("ed25519Sign", "mlDsa65Sign", "xwingEncapsulate");
  private static final List<String> OPEN_PRIMITIVES =
      List.of("xwingDecapsulate", "ed25519Verify", "mlDsa65Verify");

  private EnvelopeCostReport() {}

  public static void main(String[] args) throws CommandLineOptionException, RunnerException {
    CommandLineOptions command = new CommandLineOptions(args);
    Collection<RunResult> results =
        new Runner(
                new OptionsBuilder()
                    .parent(command)
                    .include(EnvelopeBenchmark.class.getName() + "\\.")
                    .include(PrimitiveBenchmark.class.getName() + "\\.")
                    .build())
            .run();
    Map<String, Result<?>> byName = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byName.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult());
    }
    System.out.println();
    System.out.println("4 KiB envelope to one recipient against its primitives (same JMH run)");
    System.out.printf(
        Locale.ROOT, "%-18s %14s %12s %12s%n", "benchmark", "ops/s", "± (99.9%)", "µs/op");
    for (String name :
        List.of(
            "seal4KiB",
            "ed25519Sign",
            "mlDsa65Sign",
            "xwingEncapsulate",
            "open4KiB",
            "xwingDecapsulate",
            "ed25519Verify",
            "mlDsa65Verify",
            "hpkeXwingSeal",
            "hpkeXwingOpen")) {
      Result<?> r = byName.get(name);
      if (r == null) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "%-18s %14.1f %12.1f %12.1f%n",
          name,
          r.getScore(),
          r.getScoreError(),
          1e6 / r.getScore());
      System.out.printf(Locale.ROOT, "result.%s.ops=%.1f%n", name, r.getScore());
    }
    System.out.println();
    compare("seal", byName.get("seal4KiB"), SEAL_PRIMITIVES, byName);
    compare("open", byName.get("open4KiB"), OPEN_PRIMITIVES, byName);
  }

  private static void compare(
      String label, Result<?> envelope, List<String> primitives, Map<String, Result<?>> byName) {
    double sumMicros = 0;
    for (String p : primitives) {
      Result<?> r = byName.get(p);
      if (r == null) {
        System.out.println(label + ": primitive " + p + " was not run; no comparison");
        return;
      }
      sumMicros += 1e6 / r.getScore();
    }
    if (envelope == null) {
      System.out.println(label + ": envelope benchmark was not run; no comparison");
      return;
    }
    double micros = 1e6 / envelope.getScore();
    double ratio = micros / sumMicros;
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f µs/op vs %.1f µs for %s -> %.2fx (target <= %.1fx: %s)%n",
        label,
        micros,
        sumMicros,
        String.join(" + ", primitives),
        ratio,
        TARGET_RATIO,
        ratio <= TARGET_RATIO ? "met" : "missed");
    System.out.printf(Locale.ROOT, "result.%s.primitivesMicros=%.1f%n", label, sumMicros);
    System.out.printf(Locale.ROOT, "result.%s.ratio=%.3f%n", label, ratio);
  }
}
