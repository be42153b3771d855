package org.rogatory.hub.multinode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded store in standalone mode ({@code EmbeddedMongoServerMain}) as a child process: the
 * shared MongoDB of several hub processes in a test. It runs from a copy of the hub jar, because
 * the build may repackage the original while the test runs.
 */
final class StandaloneStore implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private StandaloneStore(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static StandaloneStore start(Path hubJar, Path runDir, int port, List<String> jvmArgs)
      throws IOException, InterruptedException {
    Files.createDirectories(runDir);
    Path jar = runDir.resolve("store-server.jar");
    Files.copy(hubJar, jar, StandardCopyOption.REPLACE_EXISTING);
    Path log = runDir.resolve("store.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(jar.toString());
    command.add("-Dloader.main=org.rogatory.hub.infra.mongo.EmbeddedMongoServerMain");
    command.add("org.springframework.boot.loader.launch.PropertiesLauncher");
    command.add(runDir.resolve("store").toString());
    command.add("127.0.0.1");
    command.add(Integer.toString(port));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    StandaloneStore store = new StandaloneStore(p, port, log);
    store.awaitListening(Duration.ofSeconds(60));
    return store;
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the store exited with " + process.exitValue() + "; see " + log);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > until) {
          throw new IllegalStateException("the store did not listen in " + timeout + "; " + log);
        }
        Thread.sleep(100);
      }
    }
  }

  String uri() {
    return "mongodb://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: the store closes its file cleanly
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
