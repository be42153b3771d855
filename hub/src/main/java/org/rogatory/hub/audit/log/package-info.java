/**
 * The transparency log over the event history (docs/spec/transparency-log.md): its Merkle tree
 * nodes in MongoDB, the publisher that tails the event log into the tree and signs checkpoints, and
 * the log's signing key. A role of its own next to the usual api/command/query/web: it is neither a
 * projection of domain events nor a command handler, but a second, verifiable view of the whole
 * stored history.
 */
package org.rogatory.hub.audit.log;
