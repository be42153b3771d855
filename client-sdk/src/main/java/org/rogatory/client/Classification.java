package org.rogatory.client;

/** The Court's classification of a request and its documents. */
public enum Classification {
  PUBLIC,
  CONFIDENTIAL,
  UNDER_SEAL,
  EX_PARTE
}
