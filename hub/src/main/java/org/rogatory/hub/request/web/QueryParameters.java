package org.rogatory.hub.request.web;

import java.util.Arrays;
import java.util.Locale;
import org.rogatory.hub.infra.web.ApiException;
import org.rogatory.protocol.ErrorCode;

/**
 * Query parameters read by hand, so that a bad value is refused with {@code INVALID_FIELD} and a
 * sentence naming the parameter and what it takes, rather than a framework's "type mismatch".
 */
final class QueryParameters {
  private QueryParameters() {}

  /** The whole number {@code raw}, or {@code absent} if none was given; within min-max. */
  static long number(String name, String raw, long absent, long min, long max) {
    if (raw == null || raw.isEmpty()) {
      return absent;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw outOfRange(name, raw, min, max);
    }
    if (value < min || value > max) {
      throw outOfRange(name, raw, min, max);
    }
    return value;
  }

  /** The constant of {@code type} named {@code raw} (any case), or null if none was given. */
  static <E extends Enum<E>> E oneOf(String name, String raw, Class<E> type) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          ErrorCode.INVALID_FIELD,
          name
              + " "
              + raw
              + " is not one of "
              + String.join(
                  ", ",
                  Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new)));
    }
  }

  private static ApiException outOfRange(String name, String raw, long min, long max) {
    String range =
        max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? ">= " + min : min + "-" + max;
    return new ApiException(
        ErrorCode.INVALID_FIELD, name + " must be a whole number " + range + ", not " + raw);
  }
}
