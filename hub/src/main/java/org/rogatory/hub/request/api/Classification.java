package org.rogatory.hub.request.api;

/** The Court's classification of a request and its documents. */
public enum Classification {
  PUBLIC,
  CONFIDENTIAL,
  UNDER_SEAL,
  EX_PARTE
}
