package org.rogatory.hub.audit.api;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The read models were rebuilt from the event history into shadow collections and compared with the
 * live ones (docs/operations.md, "Replaying the read models"). Recorded in the event log after each
 * run, so that an auditor sees when the hub's derived state was checked, at whose request, and with
 * what outcome. It binds no rule of the audit verifier (docs/spec/audit-bundle.md).
 *
 * @param requestedBy who asked: {@code admin:<name>} for the API, {@code console:<staff member>}
 *     for the console's Audit page, {@code command line} for {@code java -jar rogatory-hub.jar
 *     replay --compare}
 * @param position the global sequence of the last event replayed (-1 for an empty history)
 * @param events how many events were replayed
 * @param consistent whether no event arrived while the comparison ran
 * @param matched whether every collection matched
 * @param mismatchedCollections the collections that did not match, in the report's order
 * @param at when the run started
 */
@Revision("1")
public record ReadModelsReplayedEvent(
    String requestedBy,
    long position,
    long events,
    boolean consistent,
    boolean matched,
    List<String> mismatchedCollections,
    Instant at) {}
