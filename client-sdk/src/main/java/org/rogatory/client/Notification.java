package org.rogatory.client;

import java.time.Instant;

/**
 * Something that happened on one of the party's requests, as the push channel reports it: metadata
 * only, never content. Fetch the request or the message to learn more.
 *
 * <p>Types the hub sends today: {@code request-opened}, {@code request-delivered}, {@code
 * request-acknowledged}, {@code execution-started}, {@code consultation-requested}, {@code
 * consultation-resolved}, {@code outcome-reported}, {@code request-closed}, {@code
 * request-escalated}, {@code message-submitted}, {@code message-delivered}, {@code
 * message-retrieved}, {@code message-not-retrieved} (a recipient, the actor, let the retrieval
 * deadline pass; the detail says {@code non-retrieval} if it had downloaded the envelope, {@code
 * non-delivery} if not, and the message's evidence now holds that statement). New types may appear;
 * ignore those you do not know.
 *
 * @param sequence the fact's place in the hub's global event log: increasing, and the position to
 *     resume after ({@link HubClient#subscribe(long, PushListener)})
 * @param type what happened, e.g. {@code message-submitted}
 * @param requestId the request concerned
 * @param messageId the message concerned, or null
 * @param actor the party that acted, or null (e.g. for an escalation by the hub)
 * @param detail a type-specific detail (category, consultation reason, outcome, missed deadline),
 *     or null
 * @param at when the hub recorded it
 */
public record Notification(
    long sequence,
    String type,
    String requestId,
    String messageId,
    String actor,
    String detail,
    Instant at) {}
