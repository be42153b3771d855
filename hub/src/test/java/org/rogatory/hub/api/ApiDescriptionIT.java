package org.rogatory.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rogatory.hub.party.api.PartyKind;
import org.rogatory.hub.request.api.Classification;
import org.rogatory.hub.request.api.ConsultationReason;
import org.rogatory.hub.request.api.RequestCategory;
import org.rogatory.hub.request.api.RequestStatus;
import org.rogatory.hub.support.HubApiClient.Response;
import org.rogatory.hub.support.HubTestBase;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI description the hub serves is the API the hub has: every route the hub maps is
 * described with its method, nothing described is missing from the hub, every reference resolves,
 * and the enumerations (error codes above all) are the code's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDescriptionIT extends HubTestBase {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  Map<String, Object> api;
  Response served;

  @BeforeAll
  void fetch() throws Exception {
    connectAdministrator();
    served = anonymous.get("/v1/openapi.yaml");
    assertThat(served.status()).isEqualTo(200);
    api = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(served.body(), UTF8));
  }

  private static final java.nio.charset.Charset UTF8 = java.nio.charset.StandardCharsets.UTF_8;

  @Test
  void isServedWithoutACertificate_asYaml_inOpenApi31() {
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
    assertThat(api.get("openapi")).isEqualTo("3.1.0");
  }

  @Test
  void describesExactlyTheRoutesTheHubMaps() {
    Set<String> mapped = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .keySet()
        .forEach(
            info ->
                info.getPatternsCondition()
                    .getPatterns()
                    .forEach(
                        pattern ->
                            info.getMethodsCondition()
                                .getMethods()
                                .forEach(
                                    m -> mapped.add(m.name() + " " + pattern.getPatternString()))));
    Set<String> described = new TreeSet<>();
    paths()
        .forEach(
            (path, item) ->
                map(item).keySet().stream()
                    .filter(METHODS::contains)
                    .forEach(m -> described.add(m.toUpperCase(Locale.ROOT) + " " + path)));

    assertThat(mapped).as("routes the hub maps").hasSizeGreaterThan(15);
    assertThat(described).isEqualTo(mapped);
  }

  @Test
  void everyOperationHasAnIdResponsesAndDeclaresItsPathParameters() {
    Set<String> ids = new TreeSet<>();
    paths()
        .forEach(
            (path, item) ->
                map(item)
                    .forEach(
                        (method, op) -> {
                          if (!METHODS.contains(method)) {
                            return;
                          }
                          Map<String, Object> operation = map(op);
                          String id = (String) operation.get("operationId");
                          assertThat(id).as(method + " " + path).isNotBlank();
                          assertThat(ids.add(id)).as("operationId " + id + " unique").isTrue();
                          assertThat(map(operation.get("responses"))).isNotEmpty();
                          Set<String> declared = new TreeSet<>();
                          for (Object p :
                              (List<?>) operation.getOrDefault("parameters", List.of())) {
                            Map<String, Object> param = resolve(map(p));
                            if ("path".equals(param.get("in"))) {
                              declared.add((String) param.get("name"));
                            }
                          }
                          Set<String> inPath =
                              java.util.regex.Pattern.compile("\\{([^}]+)}")
                                  .matcher(path)
                                  .results()
                                  .map(r -> r.group(1))
                                  .collect(Collectors.toCollection(TreeSet::new));
                          assertThat(declared).as(method + " " + path).isEqualTo(inPath);
                        }));
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(api, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(lookup(ref)).as(ref).isNotNull();
    }
  }

  @Test
  void enumerationsAreTheCodes() {
    assertThat(enumOf("ErrorCode"))
        .containsExactlyElementsOf(Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).toList());
    assertThat(enumOf("RequestCategory"))
        .containsExactlyElementsOf(names(RequestCategory.values()));
    assertThat(enumOf("Classification")).containsExactlyElementsOf(names(Classification.values()));
    assertThat(enumOf("RequestStatus")).containsExactlyElementsOf(names(RequestStatus.values()));
    assertThat(enumOf("ConsultationReason"))
        .containsExactlyElementsOf(names(ConsultationReason.values()));
    assertThat(enumOf("PartyKind")).containsExactlyElementsOf(names(PartyKind.values()));
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  @SuppressWarnings("unchecked")
  private List<String> enumOf(String schema) {
    return (List<String>)
        map(map(map(api.get("components")).get("schemas")).get(schema)).get("enum");
  }

  private Map<String, Object> paths() {
    return map(api.get("paths"));
  }

  private Map<String, Object> resolve(Map<String, Object> node) {
    Object ref = node.get("$ref");
    return ref == null ? node : map(lookup((String) ref));
  }

  private Object lookup(String ref) {
    assertThat(ref).startsWith("#/");
    Object node = api;
    for (String part : ref.substring(2).split("/")) {
      if (!(node instanceof Map<?, ?> m)) {
        return null;
      }
      node = m.get(part);
    }
    return node;
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) -> {
            if ("$ref".equals(k)) {
              refs.add((String) v);
            } else {
              collectRefs(v, refs);
            }
          });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectRefs(v, refs));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    assertThat(o).isInstanceOf(Map.class);
    return (Map<String, Object>) o;
  }
}
