package org.rogatory.crypto.bench;

import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.EnvelopeMetadata;
import org.rogatory.crypto.EnvelopeOpener;
import org.rogatory.crypto.EnvelopePreset;
import org.rogatory.crypto.EnvelopeSealer;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.OpenedEnvelope;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.TrustedKeys;

/**
 * Seal and open of a 4 KiB message to one recipient, through the public API only, exactly as an
 * application calls it (default preset, in-memory payload). Compare with {@link
 * PrimitiveBenchmark}, run in the same JMH invocation by {@link EnvelopeCostReport}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnvelopeBenchmark {
  static final int MESSAGE_SIZE = 4096;

  private EnvelopeSealer sealer;
  private EnvelopeOpener opener;
  private EnvelopeMetadata metadata;
  private List<KeyBundle> recipients;
  private byte[] message;
  private byte[] envelope;

  @Setup
  public void setUp() throws CryptoException {
    PartyKeys sender = PartyKeys.generator(PartyId.of("court.registry")).generate();
    PartyKeys recipient = PartyKeys.generator(PartyId.of("state.nl")).generate();
    sealer = EnvelopeSealer.create(EnvelopePreset.HYBRID_V1_64K, sender, Clock.systemUTC());
    opener = EnvelopeOpener.create(recipient, TrustedKeys.of(sender.bundle()));
    metadata = EnvelopeMetadata.of(UUID.randomUUID(), "req-2026-0042", "application/pdf");
    recipients = List.of(recipient.bundle());
    message = new byte[MESSAGE_SIZE];
    new SplittableRandom(42).nextBytes(message);
    envelope = sealer.seal(metadata, recipients, message);
  }

  @Benchmark
  public byte[] seal4KiB() throws CryptoException {
    return sealer.seal(metadata, recipients, message);
  }

  @Benchmark
  public OpenedEnvelope open4KiB() throws CryptoException {
    return opener.open(envelope);
  }
}
