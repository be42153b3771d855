package org.rogatory.hub.access.api;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * An authenticated caller was refused: it asked for a request, message or operation it is not
 * entitled to (or that does not exist, which the caller is not told apart). Recorded in the event
 * log, so that auditors see probing as well as use.
 *
 * @param party the calling party, or null for an administrator
 * @param administrator the calling administrator, or null for a party
 * @param certificateSerial the serial of the client certificate used (hex)
 * @param method the HTTP method
 * @param path the path asked for (ids only; never a query string or a body)
 * @param code the stable error code returned
 */
@Revision("1")
public record AccessRefusedEvent(
    String party,
    String administrator,
    String certificateSerial,
    String method,
    String path,
    String code,
    Instant at) {}
