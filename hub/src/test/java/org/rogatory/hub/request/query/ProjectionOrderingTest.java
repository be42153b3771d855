package org.rogatory.hub.request.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;

/**
 * Every hub process must send the inbox events to the same segment. Each class loader below stands
 * for one process: it loads the policy afresh, as another JVM would.
 */
class ProjectionOrderingTest {

  @Test
  void theInboxSequence_hashesAlikeInEveryProcess() throws Exception {
    int first = hashInFreshLoader(ProjectionOrderingConfiguration.class.getName(), "IN_LOG_ORDER");
    int second = hashInFreshLoader(ProjectionOrderingConfiguration.class.getName(), "IN_LOG_ORDER");
    assertThat(second)
        .isEqualTo(first)
        .isEqualTo(stringHash(ProjectionOrderingConfiguration.ONE_SEQUENCE));
  }

  /**
   * The check above can fail: Axon's {@code SequentialPolicy}, which the inboxes used before, gives
   * each process an identifier with an identity hash of its own.
   */
  @Test
  void axonsSequentialPolicy_hashesDifferentlyInEachProcess() throws Exception {
    int first = hashInFreshLoader(SequentialPolicy.class.getName(), null);
    int second = hashInFreshLoader(SequentialPolicy.class.getName(), null);
    int third = hashInFreshLoader(SequentialPolicy.class.getName(), null);
    // Two identity hashes may collide by chance; three in a row do not.
    assertThat(List.of(second, third)).isNotEqualTo(List.of(first, first));
  }

  @Test
  void everyInboxEvent_fallsInExactlyOneOfTwoSegments_theSameForAll() {
    Segment[] two = Segment.computeSegments(0, 1);
    int owner = stringHash(ProjectionOrderingConfiguration.ONE_SEQUENCE) & 1;
    for (Object payload : List.of("a", 42, new Object())) {
      Object id =
          ProjectionOrderingConfiguration.IN_LOG_ORDER.getSequenceIdentifierFor(
              GenericEventMessage.asEventMessage(payload));
      assertThat(two[owner].matches(id)).isTrue();
      assertThat(two[1 - owner].matches(id)).isFalse();
    }
  }

  /** The hash of a string as the Java language defines it, computed here independently. */
  private static int stringHash(String s) {
    int h = 0;
    for (int i = 0; i < s.length(); i++) {
      h = 31 * h + s.charAt(i);
    }
    return h;
  }

  /**
   * Loads {@code className} in a class loader of its own (not delegating to the test's), takes its
   * policy (the static field {@code field}, or a new instance when null) and returns the hash of
   * the sequence identifier it gives an event.
   */
  @SuppressWarnings("unchecked")
  private static int hashInFreshLoader(String className, String field) throws Exception {
    URL[] urls = {
      location(ProjectionOrderingConfiguration.class),
      location(SequencingPolicy.class),
      location(ConfigurerModule.class),
      location(Configuration.class)
    };
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      Class<?> type = Class.forName(className, true, loader);
      assertThat(type.getClassLoader()).isSameAs(loader);
      Object policy;
      if (field == null) {
        policy = type.getConstructor().newInstance();
      } else {
        Field f = type.getDeclaredField(field);
        f.setAccessible(true);
        policy = f.get(null);
      }
      // The policy's interface belongs to the fresh loader too: call it through that one.
      Object id =
          Class.forName(SequencingPolicy.class.getName(), false, loader)
              .getMethod("getSequenceIdentifierFor", Object.class)
              .invoke(policy, "an event");
      return id.hashCode();
    }
  }

  private static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
