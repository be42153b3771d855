package org.rogatory.hub.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real hub, {@code java -jar rogatory-hub.jar}, run as a child process on a data directory of
 * its own and on the embedded store, with the JDK that runs the caller. It can be killed like a
 * crashed server ({@code SIGKILL}) and started again on the same directory and ports.
 */
public final class HubProcess {
  private final Path jar;
  private final Path dataDir;
  private final int apiPort;
  private final int managementPort;
  private final int consolePort;
  private final List<String> jvmArgs;
  private final List<String> hubArgs;
  private final Map<String, String> environment;
  private final Path log;
  private final HttpClient plain =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  private HubProcess(Builder b) {
    this.jar = b.jar;
    this.dataDir = b.dataDir;
    this.apiPort = b.apiPort;
    this.managementPort = b.managementPort;
    this.consolePort = b.consolePort;
    this.jvmArgs = List.copyOf(b.jvmArgs);
    this.hubArgs = List.copyOf(b.hubArgs);
    this.environment = Map.copyOf(b.environment);
    this.log = b.log == null ? dataDir.resolveSibling(dataDir.getFileName() + ".log") : b.log;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings; {@code jar} and {@code dataDir} must be set, ports default to free ones. */
  public static final class Builder {
    private Path jar = defaultJar();
    private Path dataDir;
    private int apiPort;
    private int managementPort;
    private int consolePort;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> hubArgs = new ArrayList<>();
    private final Map<String, String> environment = new java.util.HashMap<>();
    private Path log;

    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder jvmArgs(List<String> args) {
      jvmArgs.addAll(args);
      return this;
    }

    /** Spring arguments, e.g. {@code --rogatory.node-id=crash}. */
    public Builder hubArgs(List<String> args) {
      hubArgs.addAll(args);
      return this;
    }

    /**
     * An environment variable of the hub, e.g. {@code MONGODB_URI} for a shared store (by default
     * the caller's {@code MONGODB_URI} is removed and the hub runs on its embedded store).
     */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    /** Where the hub's output goes (appended across restarts); next to the data dir by default. */
    public Builder log(Path log) {
      this.log = log;
      return this;
    }

    public HubProcess build() throws IOException {
      if (dataDir == null) {
        throw new IllegalStateException("dataDir must be set");
      }
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(
            jar.toAbsolutePath()
                + " is missing: build it with ./mvnw -pl hub -am package -DskipTests");
      }
      if (apiPort == 0) {
        apiPort = freePort();
      }
      if (managementPort == 0) {
        managementPort = freePort();
      }
      if (consolePort == 0) {
        // Several hubs run side by side in some tests: the console's default 8444 would clash.
        consolePort = freePort();
      }
      return new HubProcess(this);
    }
  }

  /** {@code -Drogatory.hub.jar}, else {@code target/rogatory-hub.jar} of the hub module. */
  static Path defaultJar() {
    String configured = System.getProperty("rogatory.hub.jar");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path inModule = Path.of("target", "rogatory-hub.jar");
    return Files.exists(inModule) ? inModule : Path.of("hub", "target", "rogatory-hub.jar");
  }

  /**
   * A port nothing listens on now, never one this JVM handed out before: the OS may offer a port
   * again as soon as it is closed, and two hubs given the same port would pass for each other.
   */
  public static int freePort() throws IOException {
    synchronized (HANDED_OUT) {
      while (true) {
        try (ServerSocket s = new ServerSocket(0)) {
          s.setReuseAddress(true);
          if (HANDED_OUT.add(s.getLocalPort())) {
            return s.getLocalPort();
          }
        }
      }
    }
  }

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  /**
   * Copies the directory tree {@code from} (a data directory, the PKI) onto {@code to}, file by
   * file.
   */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  /** The pid the management port's info endpoint reports, or -1 without an answer. */
  private long answeringPid() throws IOException {
    HttpResponse<String> r = health("/actuator/info");
    if (r == null || r.statusCode() != 200) {
      return -1;
    }
    return HubApiClient.JSON.readTree(r.body()).path("process").path("pid").asLong(-1);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Starts the hub (it must not be running); returns at once, see {@link #awaitReady}. */
  public void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException("the hub is already running");
    }
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    // The hub's Java: this JVM's unless rogatory.hub.java names another (the benchmarks' HUB_JAVA).
    String hubJava = System.getProperty("rogatory.hub.java", "");
    command.add(
        hubJava.isBlank()
            ? Path.of(System.getProperty("java.home"), "bin", "java").toString()
            : hubJava);
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.addAll(hubArgs);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.remove("MONGODB_URI");
    env.put("ROGATORY_PORT", Integer.toString(apiPort));
    env.put("ROGATORY_MANAGEMENT_PORT", Integer.toString(managementPort));
    env.put("ROGATORY_CONSOLE_PORT", Integer.toString(consolePort));
    env.put("ROGATORY_DATA_DIR", dataDir.toAbsolutePath().toString());
    env.putAll(environment);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Files.writeString(
        log,
        "\n===== starting the hub: " + String.join(" ", command) + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process = pb.start();
  }

  /** Waits until the readiness probe answers UP; fails early if the process died. */
  public void awaitReady(Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!isAlive()) {
        throw new IllegalStateException(
            "the hub exited with " + process.exitValue() + " before it was ready; " + logTail());
      }
      if (probe("/actuator/health/readiness") == 200) {
        // The answer must come from this process, and its API port must take connections: a
        // management port that another hub already holds would otherwise pass for this one's.
        long answering = answeringPid();
        if (answering != -1 && answering != pid()) {
          throw new IllegalStateException(
              "the management port "
                  + managementPort
                  + " answers for another process (pid "
                  + answering
                  + ", this hub is "
                  + pid()
                  + ")");
        }
        if (answering == pid() && accepts(apiPort)) {
          return;
        }
      }
      if (System.nanoTime() > until) {
        throw new IllegalStateException("the hub was not ready in " + timeout + "; " + logTail());
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits until every event processor runs and has handled the last event in the log (its position
   * equals the log's head, both from the health details).
   */
  public void awaitProcessorsCaughtUp(Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (!processorsCaughtUp()) {
      if (System.nanoTime() > until) {
        HttpResponse<String> r = health("/actuator/health");
        throw new IllegalStateException(
            "event processors did not catch up in "
                + timeout
                + "; health: "
                + (r == null ? "no answer" : r.body()));
      }
      Thread.sleep(100);
    }
  }

  private boolean processorsCaughtUp() throws Exception {
    HttpResponse<String> r = health("/actuator/health");
    if (r == null || r.statusCode() != 200) {
      return false;
    }
    JsonNode components = HubApiClient.JSON.readTree(r.body()).path("components");
    JsonNode head = components.path("store").path("details").path("eventLogHead");
    JsonNode processors = components.path("eventProcessors");
    JsonNode details = processors.path("details");
    if (!head.isNumber() || !"UP".equals(processors.path("status").asText()) || details.isEmpty()) {
      return false;
    }
    for (Iterator<JsonNode> it = details.elements(); it.hasNext(); ) {
      JsonNode p = it.next();
      if (!p.path("running").asBoolean()
          || !p.path("caughtUp").asBoolean()
          || p.path("position").asLong(-2) != head.asLong()) {
        return false;
      }
    }
    return true;
  }

  private int probe(String path) {
    HttpResponse<String> r = health(path);
    return r == null ? -1 : r.statusCode();
  }

  private HttpResponse<String> health(String path) {
    try {
      return plain.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Kills the hub with SIGKILL, as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** Stops the hub with SIGTERM (graceful shutdown) and waits, killing it after {@code grace}. */
  public void stop(Duration grace) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    }
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /**
   * CPU time the hub process has used so far (user + system, from {@code /proc}; Linux only, NaN
   * elsewhere). Clock ticks are taken as 100 per second, the Linux default.
   */
  public double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
      // Fields after the command name (which may contain spaces) start after the last ')'.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  public long pid() {
    return process == null ? -1 : process.pid();
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  /** GET of a path on the management port (plain HTTP): the body, or null without an answer. */
  public String management(String path) {
    HttpResponse<String> r = health(path);
    return r == null || r.statusCode() != 200 ? null : r.body();
  }

  public Path dataDir() {
    return dataDir;
  }

  public Path log() {
    return log;
  }

  /** The password of the hub's key stores, which the hub generated on first start. */
  public char[] keyStorePassword() throws IOException {
    return Files.readString(pki().resolve("keystore.password"), StandardCharsets.US_ASCII)
        .trim()
        .toCharArray();
  }

  public Path pki() {
    return dataDir.resolve("pki");
  }

  /** A client presenting the bootstrap administrator credential from the data directory. */
  public HubApiClient administrator() throws Exception {
    return HubApiClient.of(
        apiPort,
        pki().resolve("trust.p12"),
        Files.readAllBytes(pki().resolve("admin.p12")),
        keyStorePassword());
  }

  /** A client without a certificate (for enrolment). */
  public HubApiClient anonymous() throws Exception {
    return HubApiClient.of(apiPort, pki().resolve("trust.p12"), null, keyStorePassword());
  }

  /** Enrols parties through the public enrolment flow, as {@link HubTestBase} does in-process. */
  public Enrolment enrolment() throws Exception {
    return new Enrolment(
        administrator(), anonymous(), apiPort, pki().resolve("trust.p12"), keyStorePassword());
  }

  /** The last lines of the hub's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return "last lines of "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "no log at " + log;
    }
  }
}
