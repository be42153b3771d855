package org.rogatory.hub.status.web;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reports that the hub process is up and which protocol version it speaks. */
@RestController
class StatusHandler {

  @GetMapping("/v1/status")
  Map<String, String> status() {
    return Map.of("service", "rogatory-hub", "status", "UP", "protocol", "rogatory-v1");
  }
}
