package org.rogatory.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A party's local store of verified evidence: one file per message, {@code <messageId>.json},
 * holding its {@link EvidenceBundle} (docs/spec/evidence.md section 6), replaced by newer evidence
 * of the same message (which covers more deliveries and retrievals under a later checkpoint).
 *
 * <h2>Warning</h2>
 *
 * The files are not protected against local tampering; {@link #load} returns them unverified, so
 * verify what it returns before relying on it.
 */
public final class EvidenceStore {
  private static final Pattern MESSAGE_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final Path dir;

  private EvidenceStore(Path dir) {
    this.dir = dir;
  }

  /** The store in folder {@code dir} (created when the first evidence is saved). */
  public static EvidenceStore in(Path dir) {
    return new EvidenceStore(dir);
  }

  /** Saves verified evidence, atomically; returns the file. */
  public Path save(VerifiedEvidence evidence) throws IOException {
    Path file = file(evidence.bundle().messageId());
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".evidence", ".tmp");
    try {
      Files.write(temp, evidence.bundle().encode());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  /**
   * The stored bundle of {@code messageId}, unverified, if there is one.
   *
   * @throws EvidenceException if the stored file is not an evidence bundle
   */
  public Optional<EvidenceBundle> load(String messageId) throws IOException, EvidenceException {
    Path file = file(messageId);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(EvidenceBundle.decode(Files.readAllBytes(file)));
  }

  private Path file(String messageId) {
    if (messageId == null || !MESSAGE_ID.matcher(messageId).matches()) {
      throw new IllegalArgumentException("not a message id (a lower-case UUID): " + messageId);
    }
    return dir.resolve(messageId + ".json");
  }
}
