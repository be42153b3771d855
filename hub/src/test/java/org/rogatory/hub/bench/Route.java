package org.rogatory.hub.bench;

import org.rogatory.hub.support.HubTestBase.Party;

/** One direction of one cooperation request: who sends to whom. */
record Route(String requestId, Party from, Party to) {}
