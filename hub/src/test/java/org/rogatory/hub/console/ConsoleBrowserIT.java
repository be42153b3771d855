package org.rogatory.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rogatory.client.Classification;
import org.rogatory.client.ConsultationReason;
import org.rogatory.client.HubClient;
import org.rogatory.client.HubException;
import org.rogatory.client.NewRequest;
import org.rogatory.client.RequestAction;
import org.rogatory.client.RequestCategory;
import org.rogatory.client.RetryPolicy;
import org.rogatory.client.keystore.DirectoryKeyStore;
import org.rogatory.crypto.KeyFilePreset;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.SafetyCode;
import org.rogatory.hub.console.signin.ConsoleBootstrap;
import org.rogatory.hub.console.signin.StaffAccounts;
import org.rogatory.hub.console.signin.Totp;
import org.rogatory.hub.console.web.ConsoleServer;
import org.rogatory.hub.infra.tls.HubPki;
import org.rogatory.protocol.ErrorCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Court staff console in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver}, installed by {@code .ci/run}), against the real hub, with parties driven
 * through the real SDK. Screenshots of the main pages go to {@code target/screenshots}.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "rogatory.test.context=console-browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target/screenshots");
  private static final char[] PASSPHRASE = "a store passphrase for the test".toCharArray();

  @LocalServerPort int apiPort;
  @Autowired HubPki pki;
  @Autowired ConsoleServer console;
  @Autowired StaffAccounts accounts;
  @TempDir static Path tmp;

  private WebDriver browser;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final String secretPlaintext = "TOP-SECRET-PLAINTEXT-" + UUID.randomUUID();

  @BeforeAll
  void startBrowser() throws Exception {
    assertThat(CHROMEDRIVER)
        .as("Debian's chromium-driver (apt-get install chromium chromium-driver; .ci/run does)")
        .isExecutable();
    Files.createDirectories(SCREENSHOTS);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1366,900",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"),
        // Trust exactly the hub's TLS key, not every certificate.
        "--ignore-certificate-errors-spki-list=" + serverKeyPin());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  void stopBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void console_endToEnd_inChromium() throws Exception {
    // Bootstrap: the documented command's logic creates the first administrator once only.
    StaffAccounts.NewAccount ana = ConsoleBootstrap.firstAdministrator(accounts, "ana");
    assertThat(ana).isNotNull();
    assertThat(ConsoleBootstrap.firstAdministrator(accounts, "mallory")).isNull();

    checkSecurityHeaders();

    open("/");
    assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
    screenshot("01-sign-in");
    signIn(ana, "ana's own long password");
    assertThat(browser.getTitle()).startsWith("Requests");

    // Enrol two parties in the browser; each code is then presented by the SDK.
    String courtId = "court.otp-" + suffix;
    String stateId = "state.ke-" + suffix;
    String courtCode = createParty(courtId, "COURT_ORGAN", "Office of the Prosecutor");
    screenshot("03-enrolment-code");
    String stateCode = createParty(stateId, "CENTRAL_AUTHORITY", "Kenya central authority");
    HubClient court = enrolThroughSdk(courtId, courtCode);
    HubClient state = enrolThroughSdk(stateId, stateCode);

    // The Court opens a request due in three days and sends a secret through the SDK.
    String requestId =
        court.openRequest(
            new NewRequest(
                PartyId.of(stateId),
                RequestCategory.EVIDENCE_AND_DOCUMENTS,
                Classification.CONFIDENTIAL,
                "ICC-01/04-01/06",
                Instant.now().plus(Duration.ofDays(3))));
    Path payload = tmp.resolve("letter.txt");
    Files.writeString(payload, secretPlaintext, StandardCharsets.UTF_8);
    court.messages().send(requestId, payload, "text/plain", (done, total) -> {});

    // The board shows it, marked as due soon in words.
    WebElement row = awaitBoardRow(requestId);
    assertThat(row.getText()).contains("evidence and documents", courtId, stateId, "DUE within");
    screenshot("04-requests-board");
    clickAndAwaitNextPage(row.findElement(By.tagName("a")));
    assertThat(browser.getTitle()).startsWith("Request " + requestId);
    assertThat(browser.findElement(By.tagName("table")).getText())
        .contains("opened", "message submitted", courtId, "bytes");
    screenshot("04b-request-timeline");

    // The State acknowledges, starts execution and asks for consultation: the statistics show
    // the response time to acknowledgement and the consultation's reason.
    state.act(requestId, RequestAction.acknowledge());
    state.act(requestId, RequestAction.startExecution());
    state.act(
        requestId, RequestAction.requestConsultation(ConsultationReason.NATIONAL_LAW_OBSTACLE));
    WebElement figures = awaitStatisticsRow(stateId, "national law obstacle: 1");
    assertThat(figures.getText())
        .contains("evidence and documents")
        .containsPattern("\\d+ min / \\d+ min"); // acknowledged within minutes, median / p90
    List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart[role=img]"));
    assertThat(charts)
        .extracting(c -> c.findElement(By.tagName("title")).getAttribute("textContent"))
        .containsExactly("Median response time per requested State", "Consultations by reason");
    assertThat(browser.findElement(By.id("reasons-table")).getText())
        .contains("national law obstacle 1");
    assertThat(browser.findElement(By.id("times-table")).getText()).contains(stateId);
    screenshot("04c-statistics");
    ((JavascriptExecutor) browser)
        .executeScript("document.getElementById('times').scrollIntoView()");
    screenshot("04d-statistics-charts");
    String csv = getWithSession("/statistics.csv");
    assertThat(csv)
        .startsWith(
            "addressee,category,sent,acknowledged,executed,not_executed,pending,overdue,"
                + "acknowledgement_median_hours,acknowledgement_p90_hours,")
        .containsPattern(
            java.util.regex.Pattern.quote(stateId)
                + ",EVIDENCE_AND_DOCUMENTS,1,1,0,0,1,0,0\\.\\d\\d,0\\.\\d\\d,,,1,0,0,0,1,0,0,0\r\n");
    open("/statistics?from=2999-01-01");
    assertThat(browser.findElements(By.xpath("//tr[th[text()='" + stateId + "']]"))).isEmpty();
    assertThat(getWithSession("/statistics.csv?from=2999-01-01")).doesNotContain(stateId);
    open("/statistics?from=yesterday");
    assertThat(browser.getTitle()).startsWith("400");

    open("/requests?party=" + stateId + "&category=EVIDENCE_AND_DOCUMENTS");
    assertThat(browser.getPageSource()).contains(requestId);
    open("/requests?status=CLOSED");
    assertThat(browser.getPageSource()).doesNotContain(requestId);
    open("/requests?before=not-a-cursor");
    assertThat(browser.getTitle()).startsWith("400");
    open("/requests?status=BOGUS");
    assertThat(browser.getTitle()).startsWith("400");
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
        .isEqualTo("There is no status called BOGUS.");

    open("/audit");
    assertThat(browser.findElement(By.id("checkpoint")).getText()).contains("rogatory");
    clickAndAwaitNextPage(
        browser.findElement(By.xpath("//button[text()='Verify the event chain now']")));
    assertThat(browser.getTitle()).startsWith("Audit");
    assertThat(browser.findElement(By.id("verification")).getText()).contains("by ana", "intact");
    screenshot("08-audit");

    open("/parties");
    WebElement stateRow = partyRow(stateId);
    assertThat(stateRow.getText()).contains("enrolled", "active");
    assertThat(stateRow.findElements(By.tagName("code"))).isNotEmpty();
    screenshot("05-parties");

    // A second administrator.
    open("/staff/new");
    browser.findElement(By.id("username")).sendKeys("ben");
    new Select(browser.findElement(By.id("role"))).selectByValue("ADMINISTRATOR");
    submit();
    StaffAccounts.NewAccount ben =
        new StaffAccounts.NewAccount(
            "ben",
            org.rogatory.hub.console.api.StaffRole.ADMINISTRATOR,
            browser.findElement(By.id("one-time-password")).getText(),
            browser.findElement(By.id("totp-secret")).getText(),
            browser.findElement(By.id("otpauth")).getText());
    assertThat(ben.otpauth()).startsWith("otpauth://totp/").contains("ben");

    // The Court organ's page: its key code is the one its operator reads from their own store
    // ("rogatory keys code"), and its certificate can be proposed for revocation.
    open("/parties");
    clickAndAwaitNextPage(partyRow(courtId).findElement(By.linkText(courtId)));
    assertThat(browser.getTitle()).startsWith("Party " + courtId);
    String ownCode =
        SafetyCode.keyCode(
            DirectoryKeyStore.readBundle(tmp.resolve(courtId).resolve("public.bundle")));
    assertThat(browser.findElement(By.id("keys-table")).getText()).contains(ownCode);
    screenshot("05b-party");
    WebElement certificateReason =
        browser.findElement(By.xpath("//input[starts-with(@id,'revoke-cert-')]"));
    certificateReason.sendKeys("the organ's server was decommissioned");
    certificateReason.submit();
    awaitNextPage(certificateReason);
    assertThat(browser.getTitle()).startsWith("Approvals");
    assertThat(browser.getPageSource()).contains("revoke certificate");

    // Four-eyes: ana proposes to revoke the State's key and to suspend the State's party, and
    // cannot approve either herself.
    open("/parties");
    WebElement revokeReason =
        partyRow(stateId).findElement(By.xpath(".//input[starts-with(@id,'revoke-')]"));
    revokeReason.sendKeys("the key left the ministry on a lost laptop");
    revokeReason.submit();
    awaitNextPage(revokeReason);
    assertThat(browser.getTitle()).startsWith("Approvals");
    open("/parties");
    WebElement reason = browser.findElement(By.id("reason-" + stateId));
    reason.sendKeys("suspected compromise of the central authority's workstation");
    reason.submit();
    awaitNextPage(reason);
    assertThat(browser.getTitle()).startsWith("Approvals");
    assertThat(browser.getPageSource()).contains("(you proposed it)");
    assertThat(browser.findElements(By.xpath("//button[text()='Approve']"))).isEmpty();
    screenshot("06-proposal-awaiting-approval");
    signOut();

    signIn(ben, "ben's own long password");
    for (int approvals = 0; approvals < 3; approvals++) {
      open("/proposals");
      clickAndAwaitNextPage(browser.findElement(By.xpath("//button[text()='Approve']")));
      assertThat(browser.getTitle()).startsWith("Parties");
    }
    open("/proposals");
    assertThat(browser.findElements(By.xpath("//button[text()='Approve']"))).isEmpty();
    assertThat(browser.getPageSource()).contains("approved by ben");
    open("/parties");
    assertThat(partyRow(stateId).getText()).contains("suspended", "revoked");
    screenshot("07-party-suspended");
    assertThatThrownBy(() -> state.inbox(0, 10))
        .isInstanceOf(HubException.class)
        .extracting(e -> ((HubException) e).code())
        .isEqualTo(ErrorCode.PARTY_SUSPENDED);
    assertThatThrownBy(() -> court.inbox(0, 10))
        .isInstanceOf(HubException.class)
        .extracting(e -> ((HubException) e).code())
        .isEqualTo(ErrorCode.CERTIFICATE_REVOKED);
    open("/parties/" + courtId);
    assertThat(browser.findElement(By.id("certificates-table")).getText()).contains("revoked");
    open("/parties/no.such-party");
    assertThat(browser.getTitle()).startsWith("404");

    // No console page ever shows the content the Court sent.
    for (String page :
        List.of(
            "/requests",
            "/requests?party=" + courtId,
            "/requests/" + requestId,
            "/statistics",
            "/audit",
            "/parties",
            "/parties/" + courtId,
            "/parties/" + stateId,
            "/proposals",
            "/staff",
            "/password",
            "/no-such-page")) {
      open(page);
      assertThat(browser.getPageSource()).as(page).doesNotContain(secretPlaintext);
      assertThat(browser.getPageSource()).as(page).doesNotContain("Exception", "at org.");
    }
    signOut();
  }

  private void signIn(StaffAccounts.NewAccount account, String newPassword) throws Exception {
    open("/sign-in");
    browser.findElement(By.id("username")).sendKeys(account.username());
    browser.findElement(By.id("password")).sendKeys(account.oneTimePassword());
    submit();
    assertThat(browser.getTitle()).startsWith("Second factor");
    if (account.username().equals("ana")) {
      screenshot("02-second-factor");
    }
    browser
        .findElement(By.id("code"))
        .sendKeys(Totp.code(Totp.fromBase32(account.totpSecret()), Instant.now()));
    submit();
    assertThat(browser.getTitle()).startsWith("Choose a new password");
    browser.findElement(By.id("current")).sendKeys(account.oneTimePassword());
    browser.findElement(By.id("new")).sendKeys(newPassword);
    browser.findElement(By.id("repeat")).sendKeys(newPassword);
    submit();
    assertThat(browser.getTitle()).startsWith("Requests");
  }

  private void signOut() {
    clickAndAwaitNextPage(browser.findElement(By.xpath("//button[text()='Sign out']")));
    assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
  }

  private String createParty(String id, String kind, String name) {
    open("/parties/new");
    browser.findElement(By.id("partyId")).sendKeys(id);
    new Select(browser.findElement(By.id("kind"))).selectByValue(kind);
    browser.findElement(By.id("displayName")).sendKeys(name);
    submit();
    String code = browser.findElement(By.id("enrolment-code")).getText();
    assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){4}");
    return code;
  }

  private HubClient enrolThroughSdk(String id, String code) throws Exception {
    PartyId party = PartyId.of(id);
    DirectoryKeyStore store =
        DirectoryKeyStore.create(
            tmp.resolve(id),
            PartyKeys.generator(party).generate(),
            PASSPHRASE,
            KeyFilePreset.ARGON2ID_19MIB);
    toClose.add(store);
    HubClient client =
        HubClient.builder()
            .hub(URI.create("https://localhost:" + apiPort))
            .trustAnchor(pki.ca().certificate())
            .keyStore(store)
            .requestTimeout(Duration.ofSeconds(30))
            .retryPolicy(RetryPolicy.of(5, Duration.ofMillis(50), Duration.ofMillis(500)))
            .build();
    toClose.add(client);
    client.enrol(code);
    return client;
  }

  private WebElement awaitBoardRow(String requestId) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      open("/requests");
      List<WebElement> rows =
          browser.findElements(By.xpath("//tr[th//code[text()='" + requestId + "']]"));
      if (!rows.isEmpty()) {
        return rows.get(0);
      }
      assertThat(System.nanoTime()).as("request on the board within 20 s").isLessThan(until);
      Thread.sleep(250);
    }
  }

  /** The statistics row of {@code stateId} once it contains {@code text} (the view follows). */
  private WebElement awaitStatisticsRow(String stateId, String text) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    By row = By.xpath("//table[@id='figures']//tr[th[text()='" + stateId + "']]");
    while (true) {
      open("/statistics");
      List<WebElement> found = browser.findElements(row);
      if (!found.isEmpty() && found.get(0).getText().contains(text)) {
        return found.get(0);
      }
      assertThat(System.nanoTime()).as("statistics row of " + stateId).isLessThan(until);
      Thread.sleep(250);
    }
  }

  private WebElement partyRow(String partyId) {
    return browser.findElement(By.xpath("//tr[th[normalize-space(.)='" + partyId + "']]"));
  }

  private void open(String path) {
    browser.get("https://localhost:" + console.port() + path);
  }

  private void submit() {
    clickAndAwaitNextPage(browser.findElement(By.cssSelector("main button[type=submit]")));
  }

  /** Clicks, then waits until the browser has left the page and loaded the next one. */
  private void clickAndAwaitNextPage(WebElement element) {
    element.click();
    awaitNextPage(element);
  }

  private void awaitNextPage(WebElement onThePageBefore) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.until(d -> isGone(onThePageBefore));
    wait.until(
        d ->
            "complete"
                .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /**
   * Whether the element belongs to a page the browser has left. Chromium answers a query on a node
   * of the document being replaced either with a stale-element error or, mid-navigation, with an
   * inspector error saying the node does not belong to the document: both mean gone.
   */
  private static boolean isGone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  private void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name + ".png"), png);
  }

  /** Every page carries the security headers; the session cookie is HttpOnly, Secure, Strict. */
  private void checkSecurityHeaders() throws Exception {
    HttpResponse<String> r =
        httpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + console.port() + "/sign-in"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    var h = r.headers();
    assertThat(h.firstValue("content-security-policy").orElseThrow())
        .contains("default-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(h.firstValue("x-frame-options")).hasValue("DENY");
    assertThat(h.firstValue("strict-transport-security").orElseThrow()).startsWith("max-age=");
    assertThat(h.firstValue("referrer-policy")).hasValue("no-referrer");
    assertThat(h.firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(h.firstValue("cache-control")).hasValue("no-store");
    assertThat(h.firstValue("set-cookie").orElseThrow())
        .startsWith("__Host-rogatory-console=")
        .containsIgnoringCase("; HttpOnly")
        .contains("; Secure", "; SameSite=Strict");
    assertThat(r.body()).doesNotContain("<script", "style=");

    HttpResponse<String> post =
        httpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://localhost:" + console.port() + "/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=ana&password=x"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).as("a POST without the session's CSRF token").isEqualTo(403);
    assertThat(post.body()).contains("This form has expired or did not come from the console");
  }

  /** A GET with the browser's session cookie (HttpOnly: WebDriver can read it, page script not). */
  private String getWithSession(String path) throws Exception {
    String cookie = browser.manage().getCookieNamed("__Host-rogatory-console").getValue();
    HttpResponse<String> r =
        httpClient()
            .send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + console.port() + path))
                    .header("Cookie", "__Host-rogatory-console=" + cookie)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    assertThat(r.body()).as(path).doesNotContain(secretPlaintext);
    return r.body();
  }

  private HttpClient httpClient() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.trustStore())) {
      trust.load(in, pki.password());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).build();
  }

  /** Base64 of the SHA-256 of the hub's TLS public key (SPKI), as Chromium's pin list takes it. */
  private String serverKeyPin() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.serverKeyStore())) {
      keys.load(in, pki.password());
    }
    X509Certificate cert = (X509Certificate) keys.getCertificate("server");
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
  }
}
