package org.rogatory.client;

import org.rogatory.crypto.PartyId;

/**
 * The result of a completed enrolment: the hub issued a client certificate (now in the key store)
 * and published the party's key bundle in its directory.
 *
 * @param party the enrolled party
 * @param certificateSerial the serial of the issued client certificate, lower-case hex
 * @param keyFingerprint hex fingerprint of the key bundle the hub registered
 */
public record Enrolment(PartyId party, String certificateSerial, String keyFingerprint) {}
