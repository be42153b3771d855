package org.rogatory.hub.status.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI description of the hub's API, without a client certificate, so that parties
 * can generate clients and check what a call expects before they enrol.
 */
@RestController
final class ApiDescriptionHandler {
  static final String RESOURCE = "/openapi/rogatory-hub.yaml";
  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

  private final byte[] description;

  ApiDescriptionHandler() {
    try (InputStream in = ApiDescriptionHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the API description " + RESOURCE + " is not packaged");
      }
      this.description = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @GetMapping(path = "/v1/openapi.yaml")
  ResponseEntity<byte[]> description() {
    return ResponseEntity.ok()
        .contentType(YAML)
        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
        .body(description.clone());
  }
}
