package org.rogatory.hub.infra.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.rogatory.hub.party.api.PartyRejectedException;
import org.rogatory.hub.request.api.RequestRejectedException;
import org.rogatory.protocol.ErrorCode;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/** Turns any exception into an error code and a sentence safe to show the caller. */
final class ErrorMapping {
  record Mapped(ErrorCode code, String message, int status) {
    Mapped(ErrorCode code, String message) {
      this(code, message, code.httpStatus());
    }
  }

  private ErrorMapping() {}

  static Mapped map(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof ApiException a) {
      return new Mapped(a.code(), a.getMessage());
    }
    if (e instanceof RequestRejectedException r) {
      return new Mapped(requestCode(r.code()), r.getMessage());
    }
    if (e instanceof PartyRejectedException p) {
      return new Mapped(partyCode(p.code()), p.getMessage());
    }
    if (e instanceof AggregateNotFoundException) {
      return new Mapped(
          ErrorCode.NOT_FOUND, "no such request or party, or you are not a party to it");
    }
    if (e instanceof ConcurrencyException) {
      return new Mapped(
          ErrorCode.CONCURRENT_MODIFICATION, "someone changed this at the same time; retry");
    }
    if (e instanceof UnsupportedMediaTypeStatusException u) {
      return new Mapped(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type "
              + (u.getContentType() == null ? "(none)" : u.getContentType())
              + " is not accepted here; send "
              + u.getSupportedMediaTypes());
    }
    if (e instanceof org.rogatory.hub.infra.blob.BlobStore.DigestMismatchException d) {
      return new Mapped(ErrorCode.DIGEST_MISMATCH, d.getMessage());
    }
    if (e instanceof org.rogatory.hub.infra.blob.BlobTooLargeException b) {
      return new Mapped(ErrorCode.BODY_TOO_LARGE, b.getMessage());
    }
    if (e instanceof DataBufferLimitException || hasCause(e, DataBufferLimitException.class)) {
      return new Mapped(ErrorCode.BODY_TOO_LARGE, "the body exceeds the limit for this call");
    }
    if (e instanceof MissingRequestValueException m) {
      return new Mapped(ErrorCode.INVALID_FIELD, m.getReason());
    }
    if (e instanceof ServerWebInputException in) {
      if (hasCause(in, DecodingException.class)) {
        return new Mapped(
            ErrorCode.MALFORMED_JSON,
            "the body is not valid JSON for this call: check field names, types and syntax");
      }
      return new Mapped(ErrorCode.INVALID_FIELD, in.getReason());
    }
    if (e instanceof MethodNotAllowedException m) {
      return new Mapped(
          ErrorCode.NOT_FOUND,
          "method "
              + m.getHttpMethod()
              + " is not allowed here; allowed: "
              + m.getSupportedMethods(),
          405);
    }
    if (e instanceof NotAcceptableStatusException) {
      return new Mapped(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "cannot produce the requested type", 406);
    }
    if (e instanceof ResponseStatusException rs && rs.getStatusCode().value() == 404) {
      return new Mapped(ErrorCode.NOT_FOUND, "no such resource; see /v1/openapi.yaml");
    }
    if (e instanceof ResponseStatusException rs && rs.getStatusCode().is4xxClientError()) {
      return new Mapped(ErrorCode.INVALID_FIELD, rs.getReason(), rs.getStatusCode().value());
    }
    if (e instanceof org.axonframework.eventsourcing.eventstore.EventStoreException
        || e instanceof com.mongodb.MongoException) {
      return new Mapped(ErrorCode.UNAVAILABLE, "the store is not available; retry shortly");
    }
    return new Mapped(ErrorCode.INTERNAL, ErrorCode.INTERNAL.guidance());
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 10 && t != null; i++) {
      if (t instanceof CommandExecutionException c && c.getCause() != null) {
        t = c.getCause();
      } else if ((t instanceof java.util.concurrent.CompletionException
              || t instanceof java.util.concurrent.ExecutionException)
          && t.getCause() != null) {
        t = t.getCause();
      } else {
        return t;
      }
    }
    return t == null ? e : t;
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        return false;
      }
    }
    return false;
  }

  static ErrorCode requestCode(RequestRejectedException.Code code) {
    return switch (code) {
      case REQUEST_ALREADY_EXISTS, MESSAGE_CONFLICT -> ErrorCode.CONFLICT;
      case ILLEGAL_TRANSITION, REQUEST_CLOSED -> ErrorCode.ILLEGAL_TRANSITION;
      case NOT_A_PARTY_TO_REQUEST, ACTION_RESERVED_TO_COURT, ACTION_RESERVED_TO_ADDRESSEE ->
          ErrorCode.FORBIDDEN;
      case REASONS_REQUIRED -> ErrorCode.REASONS_REQUIRED;
      case INVALID_REQUEST -> ErrorCode.INVALID_FIELD;
      case UNKNOWN_MESSAGE -> ErrorCode.NOT_FOUND;
    };
  }

  static ErrorCode partyCode(PartyRejectedException.Code code) {
    return switch (code) {
      case INVALID_PARTY, KEY_VERSION_NOT_NEWER -> ErrorCode.INVALID_FIELD;
      case ENROLMENT_CODE_INVALID -> ErrorCode.ENROLMENT_CODE_INVALID;
      case ENROLMENT_CODE_EXPIRED -> ErrorCode.ENROLMENT_CODE_EXPIRED;
      case ENROLMENT_CODE_USED -> ErrorCode.ENROLMENT_CODE_USED;
      case PARTY_SUSPENDED -> ErrorCode.PARTY_SUSPENDED;
      case PARTY_NOT_SUSPENDED, LAST_ACTIVE_KEY -> ErrorCode.CONFLICT;
      case UNKNOWN_KEY, UNKNOWN_CERTIFICATE, NOT_ENROLLED -> ErrorCode.NOT_FOUND;
    };
  }
}
