package org.rogatory.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.rogatory.client.keystore.KeyStoreBackend;
import org.rogatory.client.keystore.TlsCredentials;
import org.rogatory.crypto.CryptoException;
import org.rogatory.crypto.Fingerprint;
import org.rogatory.crypto.HubCertificateAuthority;
import org.rogatory.crypto.KeyBundle;
import org.rogatory.crypto.NoteVerifierKey;
import org.rogatory.crypto.PartyId;
import org.rogatory.crypto.PartyKeys;
import org.rogatory.crypto.WitnessSigningKey;
import org.rogatory.protocol.ErrorCode;

/**
 * A party's connection to the hub: enrolment, the key directory, cooperation requests, and
 * end-to-end encrypted messages. Build one with {@link #builder()}.
 *
 * <p>Every state-changing call carries an {@code Idempotency-Key}; a call that fails on a timeout,
 * a broken connection or a 5xx answer is repeated under its {@link RetryPolicy} with the same key,
 * so the hub performs it at most once. A refusal is a {@link HubException} with the hub's stable
 * {@link ErrorCode}.
 *
 * <h2>Security guarantees</h2>
 *
 * TLS 1.3 only, trusting only the hub CA given as trust anchor; the party authenticates with the
 * client certificate from its key store. Message content is sealed on this side to the key bundles
 * the directory lists for the request's parties, and opened here only if the sender's signature
 * verifies against a key the directory lists for the sender. The hub never sees plaintext.
 *
 * <h2>Warning</h2>
 *
 * The directory is the hub's word on who holds which key: for high-stakes exchanges, compare {@link
 * org.rogatory.crypto.SafetyCode}s out of band. Instances are thread-safe; close them to stop their
 * threads.
 */
public final class HubClient implements AutoCloseable {
  static final String ENVELOPE_TYPE = "application/vnd.rogatory.envelope";
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final Settings settings;
  private final KeyTransparency keyTransparency;
  private volatile HubTransport transport;
  // Party -> the directory entry last read and its entity tag (the bundles in it were verified
  // when it was read). directory() asks again every time, answered 304 while unchanged; sealing
  // uses the entry held, and opening uses it when the hub says its tag is still current.
  private final Map<PartyId, TaggedEntry> directoryEntries =
      new java.util.concurrent.ConcurrentHashMap<>();
  // Request id -> its two parties (opener, addressee), which never change: asked once per request.
  private final Map<String, List<PartyId>> requestParties =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<PartyId>> eldest) {
              return size() > 10_000;
            }
          });

  /** What the builder validated. */
  record Settings(
      URI hub,
      X509Certificate trustAnchor,
      KeyStoreBackend keyStore,
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retry,
      Duration pushIdleTimeout,
      Clock clock,
      List<NoteVerifierKey> logKeys) {

    HubTransport newTransport(TlsCredentials credentials) {
      return HubTransport.create(
          hub, trustAnchor, credentials, connectTimeout, requestTimeout, retry);
    }
  }

  private HubClient(Settings settings, HubTransport transport) {
    this.settings = settings;
    this.transport = transport;
    this.keyTransparency =
        settings.logKeys().isEmpty() ? null : new KeyTransparency(this, settings.logKeys());
  }

  /**
   * The key-transparency checks of this client: present when the builder was given the log's
   * verifier keys ({@link Builder#logKeys}); then every key bundle a message is sealed to is first
   * proven to be registered in the log.
   */
  public java.util.Optional<KeyTransparency> keyTransparency() {
    return java.util.Optional.ofNullable(keyTransparency);
  }

  /** Starts building a client. */
  public static Builder builder() {
    return new Builder();
  }

  HubTransport transport() {
    return transport;
  }

  Settings settings() {
    return settings;
  }

  // ---- enrolment and directory ----

  /**
   * Completes enrolment with the one-time code the Registry gave: publishes the party's key bundle,
   * obtains a client certificate for a fresh TLS key, stores both in the key store, and from then
   * on authenticates with it. Not repeated after the request was sent (the code is single-use).
   *
   * @throws HubException e.g. {@code ENROLMENT_CODE_INVALID}, {@code ENROLMENT_CODE_EXPIRED},
   *     {@code ENROLMENT_CODE_USED}, {@code BAD_KEY_BUNDLE}
   * @throws IOException if the credentials cannot be stored
   */
  public Enrolment enrol(String enrolmentCode) throws HubException, IOException {
    Objects.requireNonNull(enrolmentCode, "enrolmentCode");
    KeyStoreBackend store = settings.keyStore();
    PartyId party = store.partyKeys().party();
    KeyBundle bundle = store.partyKeys().bundle();
    KeyPair tls = store.newTlsKeyPair();
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, String> body =
        Map.of(
            "partyId", party.value(),
            "enrolmentCode", enrolmentCode,
            "certificateRequest",
                b64.encodeToString(HubCertificateAuthority.certificateRequest(tls, party)),
            "keyBundle", b64.encodeToString(bundle.encode()));
    HubTransport t = transport;
    EnrolledBody enrolled =
        t.call(
            () ->
                t.request("/v1/enrolment")
                    .header("Content-Type", "application/json")
                    .POST(HubTransport.json(body))
                    .build(),
            false,
            EnrolledBody.class);
    X509Certificate cert = onlyCertificate(enrolled.certificate());
    X509Certificate ca = onlyCertificate(enrolled.caCertificate());
    if (!ca.equals(settings.trustAnchor())) {
      throw answer("the hub's CA differs from the trust anchor this client was built with");
    }
    if (!cert.getPublicKey().equals(tls.getPublic())) {
      throw answer("the issued certificate is not for the key this client sent");
    }
    if (!bundle.fingerprint().toHex().equals(enrolled.keyFingerprint())) {
      throw answer("the hub registered a different key fingerprint");
    }
    TlsCredentials credentials = TlsCredentials.of(tls.getPrivate(), List.of(cert, ca));
    store.storeTlsCredentials(credentials);
    HubTransport previous = transport;
    transport = settings.newTransport(credentials);
    previous.close();
    return new Enrolment(party, credentials.serial(), enrolled.keyFingerprint());
  }

  /**
   * The outcome of a key rotation.
   *
   * @param previous the fingerprint of the keys replaced (kept locally to open older messages, and
   *     revoked at the hub), or null when an interrupted rotation was finished
   * @param current the fingerprint of the keys now registered and in use
   * @param keyVersion the version of the current keys
   */
  public record KeyRotation(Fingerprint previous, Fingerprint current, long keyVersion) {}

  /**
   * Rotates this party's end-to-end keys: generates the next version for the same device, makes it
   * current in the key store (the old keys are kept there, so what was sealed to them still opens),
   * registers its bundle with the hub (an event in the audit log), then revokes the bundles of this
   * device it supersedes. Senders seal to the new bundle from then on; messages signed with the old
   * keys before the revocation still verify.
   *
   * <p>Safe to call again after a failure: if the store's current keys are not yet registered (a
   * rotation stopped half-way), this call finishes that rotation instead of starting another.
   *
   * @throws HubException e.g. {@code BAD_KEY_BUNDLE}; the store then holds the new keys and the
   *     next call registers them
   * @throws IOException if the key store cannot store the new keys (nothing changed then)
   */
  public KeyRotation rotateKeys() throws HubException, IOException {
    KeyStoreBackend store = settings.keyStore();
    PartyKeys current = store.partyKeys();
    PartyId party = current.party();
    boolean registered =
        directory(party).keys().stream()
            .anyMatch(k -> k.bundle().fingerprint().equals(current.bundle().fingerprint()));
    PartyKeys next = current;
    Fingerprint previous = null;
    if (registered) {
      next =
          PartyKeys.generator(party)
              .device(current.bundle().deviceId())
              .keyVersion(current.bundle().keyVersion() + 1)
              .generate();
      store.rotate(next);
      previous = current.bundle().fingerprint();
    }
    registerKeyBundle(next.bundle());
    KeyBundle now = next.bundle();
    for (DirectoryEntry.DirectoryKey k : directory(party).keys()) {
      KeyBundle b = k.bundle();
      if (!k.revoked()
          && b.deviceId().equals(now.deviceId())
          && b.keyVersion() < now.keyVersion()) {
        revokeKey(b.fingerprint(), "superseded by key " + now.fingerprint().toHex());
      }
    }
    return new KeyRotation(previous, now.fingerprint(), now.keyVersion());
  }

  /**
   * Key monitoring: the active bundles the directory lists for this party that this party did not
   * register, i.e. neither its current keys nor ones it rotated away from (its key store knows
   * both), nor one of {@code otherDevices} (the fingerprints of its other devices' keys). Anything
   * returned is an alarm: someone (the hub's operator, or a stolen credential) added a key others
   * would seal to; revoke it and tell the Registry. Run it regularly (as {@code rogatory keys
   * monitor} does).
   *
   * @throws IOException if the key store's retired keys cannot be read
   */
  public List<KeyBundle> unknownOwnKeys(java.util.Set<Fingerprint> otherDevices)
      throws HubException, IOException {
    KeyStoreBackend store = settings.keyStore();
    java.util.Set<Fingerprint> known = new java.util.HashSet<>(otherDevices);
    known.add(store.partyKeys().bundle().fingerprint());
    for (PartyKeys k : store.retiredKeys()) {
      known.add(k.bundle().fingerprint());
    }
    return directory(store.partyKeys().party()).activeBundles().stream()
        .filter(b -> !known.contains(b.fingerprint()))
        .toList();
  }

  /**
   * Registers an additional key bundle of this party (a new device, or a rotation done by hand);
   * registering the same bundle again is harmless.
   *
   * @throws HubException {@code BAD_KEY_BUNDLE} if it is not this party's or not valid now, {@code
   *     INVALID_FIELD} if its version is not above the device's registered ones
   */
  public void registerKeyBundle(KeyBundle bundle) throws HubException {
    Objects.requireNonNull(bundle, "bundle");
    Map<String, String> body =
        Map.of("keyBundle", Base64.getEncoder().encodeToString(bundle.encode()));
    HubTransport t = transport;
    t.call(
        () ->
            t.request("/v1/keys")
                .header("Content-Type", "application/json")
                .POST(HubTransport.json(body))
                .build(),
        true,
        Void.class);
  }

  /**
   * Revokes one of this party's key bundles (a lost device, a suspected compromise): senders stop
   * sealing to it, and signatures it makes from now on are refused. Revoking a bundle already
   * revoked is harmless.
   *
   * @throws HubException {@code CONFLICT} if it is the party's only active bundle (register its
   *     successor first), {@code NOT_FOUND} if the party has no such bundle, {@code
   *     REASONS_REQUIRED} if {@code reason} is blank
   */
  public void revokeKey(Fingerprint fingerprint, String reason) throws HubException {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Map<String, String> body = Map.of("reason", Objects.requireNonNull(reason, "reason"));
    HubTransport t = transport;
    t.call(
        () ->
            t.request("/v1/keys/" + fingerprint.toHex() + "/revoke")
                .header("Content-Type", "application/json")
                .POST(HubTransport.json(body))
                .build(),
        true,
        Void.class);
  }

  /** Answer of POST /v1/enrolment. */
  record EnrolledBody(
      String partyId, String certificate, String caCertificate, String keyFingerprint) {}

  private static X509Certificate onlyCertificate(String pem) throws HubException {
    if (pem == null) {
      throw answer("the enrolment answer lacks a certificate");
    }
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw answer("the enrolment answer holds no valid certificate");
    }
  }

  static HubException answer(String problem) {
    return new HubException(
        ErrorCode.INTERNAL, 200, "unexpected answer from the hub: " + problem, null);
  }

  /**
   * The directory's entry for {@code party}, with its key bundles decoded and checked.
   *
   * @throws HubException {@code NOT_FOUND} if there is no such party; {@code BAD_KEY_BUNDLE} if the
   *     directory lists a bundle that does not verify or names another party
   */
  public DirectoryEntry directory(PartyId party) throws HubException {
    HubTransport t = transport;
    TaggedEntry held = directoryEntries.get(party);
    TaggedEntry answer;
    try {
      answer =
          t.exchange(
              () -> {
                var r = t.request("/v1/directory/" + party.value()).GET();
                if (held != null) {
                  r.header("If-None-Match", held.tag());
                }
                return r.build();
              },
              true,
              (response, body) -> {
                if (response.statusCode() == 304 && held != null) {
                  body.transferTo(java.io.OutputStream.nullOutputStream());
                  return held;
                }
                PartyBody read = HubTransport.JSON.readValue(body, PartyBody.class);
                return new TaggedEntry(
                    response.headers().firstValue("ETag").orElse(null), entry(party, read));
              });
    } catch (java.io.IOException e) {
      throw new HubException(
          ErrorCode.INTERNAL, 200, "the hub's answer could not be read: " + e.getMessage(), null);
    }
    if (answer.tag() != null) {
      directoryEntries.put(party, answer);
    }
    return answer.entry();
  }

  /**
   * The entry for {@code party} as {@link #directory(PartyId)} would return it, without asking the
   * hub when the entry held has {@code currentTag}, the tag the hub just gave for it (a fetched
   * message's sender directory tag).
   */
  DirectoryEntry directory(PartyId party, String currentTag) throws HubException {
    TaggedEntry held = directoryEntries.get(party);
    if (held != null && currentTag != null && currentTag.equals(held.tag())) {
      return held.entry();
    }
    return directory(party);
  }

  /**
   * The entry held for {@code party}, read from the hub only when none is held: for sealing, where
   * the hub refuses an envelope sealed to keys that are no longer current (decision 0017).
   */
  DirectoryEntry heldDirectoryEntry(PartyId party) throws HubException {
    TaggedEntry held = directoryEntries.get(party);
    return held != null ? held.entry() : directory(party);
  }

  /** Drops the entries held for {@code parties}, so that the next use reads them again. */
  void forgetDirectoryEntries(java.util.Collection<PartyId> parties) {
    for (PartyId p : parties) {
      directoryEntries.remove(p);
    }
  }

  /** A directory entry and the hub's entity tag for it. */
  private record TaggedEntry(String tag, DirectoryEntry entry) {}

  private static DirectoryEntry entry(PartyId party, PartyBody body) throws HubException {
    List<DirectoryEntry.DirectoryKey> keys = new ArrayList<>();
    for (KeyBody k : body.keys() == null ? List.<KeyBody>of() : body.keys()) {
      KeyBundle bundle;
      try {
        bundle = KeyBundle.decode(Base64.getDecoder().decode(String.valueOf(k.keyBundle())));
      } catch (CryptoException | IllegalArgumentException e) {
        throw new HubException(
            ErrorCode.BAD_KEY_BUNDLE,
            200,
            "the directory lists a key bundle that does not verify",
            null);
      }
      if (!bundle.party().equals(party)
          || !bundle.fingerprint().toHex().equals(k.keyFingerprint())) {
        throw new HubException(
            ErrorCode.BAD_KEY_BUNDLE,
            200,
            "the directory lists a key bundle of another party",
            null);
      }
      keys.add(
          new DirectoryEntry.DirectoryKey(
              bundle, k.revoked(), k.revokedAt(), k.revocationReason()));
    }
    return new DirectoryEntry(
        party, body.kind(), body.displayName(), body.enrolled(), body.suspended(), keys);
  }

  /** Answer of GET /v1/directory/{party}. */
  record PartyBody(
      String partyId,
      String kind,
      String displayName,
      boolean enrolled,
      boolean suspended,
      List<KeyBody> keys) {}

  /** One key in {@link PartyBody}. */
  record KeyBody(
      String keyFingerprint,
      String deviceId,
      long keyVersion,
      String keyBundle,
      boolean revoked,
      Instant revokedAt,
      String revocationReason) {}

  // ---- requests ----

  /** As {@link #openRequest(NewRequest, String)} with a fresh idempotency key. */
  public String openRequest(NewRequest request) throws HubException {
    return openRequest(request, newIdempotencyKey());
  }

  /**
   * Opens a cooperation request (Court organs only) and returns its id. Calling again with the same
   * key and the same request returns the same id without opening a second one.
   *
   * @throws HubException e.g. {@code FORBIDDEN} for a party that is not a Court organ, {@code
   *     INVALID_FIELD} for an addressee that is not enrolled, {@code IDEMPOTENCY_KEY_REUSED}
   */
  public String openRequest(NewRequest request, String idempotencyKey) throws HubException {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("addressee", request.addressee().value());
    body.put("category", request.category().name());
    body.put("classification", request.classification().name());
    body.put("courtReference", request.courtReference());
    body.put("deadline", request.deadline());
    if (request.retrievalPeriod() != null) {
      body.put("retrievalPeriod", request.retrievalPeriod().toString());
    }
    HubTransport t = transport;
    OpenedBody opened =
        t.call(
            () ->
                t.request("/v1/requests")
                    .header("Content-Type", "application/json")
                    .header(IDEMPOTENCY_HEADER, checkKey(idempotencyKey))
                    .POST(HubTransport.json(body))
                    .build(),
            true,
            OpenedBody.class);
    return opened.requestId();
  }

  /** Answer of POST /v1/requests. */
  record OpenedBody(String requestId) {}

  /** The hub's largest page of a request's messages. */
  public static final int MAX_MESSAGES_PAGE = 500;

  /**
   * A request the caller is a party to, with the metadata of all its messages: it asks the hub for
   * the thread a page at a time until it has every message. For a long thread, {@link
   * #request(String, int, int)} reads one page.
   *
   * @throws HubException {@code NOT_FOUND} if there is no such request or the caller is not a party
   *     to it
   */
  public CooperationRequest request(String requestId) throws HubException {
    CooperationRequest first = request(requestId, 0, MAX_MESSAGES_PAGE);
    if (!first.moreMessages()) {
      return first;
    }
    List<CooperationRequest.MessageInfo> all = new ArrayList<>(first.messages());
    CooperationRequest page = first;
    while (page.moreMessages() && !page.messages().isEmpty()) {
      page = request(requestId, all.size(), MAX_MESSAGES_PAGE);
      all.addAll(page.messages());
    }
    return page.withAllMessages(all);
  }

  /**
   * A request the caller is a party to, with one page of its messages: at most {@code limit}
   * (1-500) from the {@code from}-th (0 is the oldest). Messages are never removed, so asking from
   * {@code from + messages().size()} while {@link CooperationRequest#moreMessages()} sees each
   * once.
   *
   * @throws IllegalArgumentException if {@code from} is negative or {@code limit} not 1-500
   * @throws HubException {@code NOT_FOUND} if there is no such request or the caller is not a party
   *     to it
   */
  public CooperationRequest request(String requestId, int from, int limit) throws HubException {
    if (from < 0 || limit < 1 || limit > MAX_MESSAGES_PAGE) {
      throw new IllegalArgumentException("from must be >= 0 and limit 1-" + MAX_MESSAGES_PAGE);
    }
    HubTransport t = transport;
    return t.call(
        () ->
            t.request(
                    "/v1/requests/"
                        + pathSegment(requestId)
                        + "?messagesFrom="
                        + from
                        + "&messagesLimit="
                        + limit)
                .GET()
                .build(),
        true,
        CooperationRequest.class);
  }

  /**
   * A page of the requests the caller is a party to (it opened them, or they are addressed to it),
   * metadata only; {@link RequestPage#following(RequestListing)} gives the listing of the next
   * page. A party that is never a party to a request (an auditor) gets empty pages.
   *
   * @throws HubException {@code INVALID_FIELD} for a listing the hub refuses, {@code FORBIDDEN} for
   *     an administrator's credential
   */
  public RequestPage requests(RequestListing listing) throws HubException {
    Objects.requireNonNull(listing, "listing");
    HubTransport t = transport;
    return t.call(
        () -> t.request("/v1/requests?" + listing.query()).GET().build(), true, RequestPage.class);
  }

  /**
   * The two parties of a request this party is a party to: who opened it and to whom. They never
   * change, so they are asked of the hub once per request, with one message at most.
   */
  List<PartyId> requestParties(String requestId) throws HubException {
    List<PartyId> known = requestParties.get(requestId);
    if (known == null) {
      CooperationRequest r = request(requestId, 0, 1);
      known = List.of(PartyId.of(r.openedBy()), PartyId.of(r.addressee()));
      requestParties.put(requestId, known);
    }
    return known;
  }

  /** As {@link #act(String, RequestAction, String)} with a fresh idempotency key. */
  public void act(String requestId, RequestAction action) throws HubException {
    act(requestId, action, newIdempotencyKey());
  }

  /**
   * Takes a step in a request's life (acknowledge, start execution, ask for consultation, …).
   *
   * @throws HubException {@code ILLEGAL_TRANSITION} if the status does not allow it, {@code
   *     FORBIDDEN} if the caller's role does not, {@code REASONS_REQUIRED}, {@code NOT_FOUND}
   */
  public void act(String requestId, RequestAction action, String idempotencyKey)
      throws HubException {
    HubTransport t = transport;
    t.call(
        () ->
            t.request("/v1/requests/" + pathSegment(requestId) + "/actions")
                .header("Content-Type", "application/json")
                .header(IDEMPOTENCY_HEADER, checkKey(idempotencyKey))
                .POST(HubTransport.json(action.body()))
                .build(),
        true,
        Void.class);
  }

  /**
   * A page of the inbox: at most {@code limit} (1-200) entries from position {@code from}. Entries
   * are never removed, so paging from the last {@link InboxPage#next()} sees each message once.
   */
  public InboxPage inbox(long from, int limit) throws HubException {
    if (from < 0 || limit < 1 || limit > 200) {
      throw new IllegalArgumentException("from must be >= 0 and limit 1-200");
    }
    HubTransport t = transport;
    return t.call(
        () -> t.request("/v1/inbox?from=" + from + "&limit=" + limit).GET().build(),
        true,
        InboxPage.class);
  }

  // ---- push channel ----

  /**
   * Follows the push channel from now on: {@code listener} hears of everything that happens on the
   * party's requests from the moment the hub accepts the subscription. See {@link Subscription}.
   */
  public Subscription subscribe(PushListener listener) {
    return Subscription.start(
        this, null, Objects.requireNonNull(listener, "listener"), settings.pushIdleTimeout());
  }

  /**
   * Follows the push channel from just after {@code after}: a notification's {@code sequence} or a
   * {@link Subscription#position()} kept from an earlier subscription, or -1 for the whole history
   * of the party's requests. Nothing after {@code after} is missed, and nothing is delivered twice.
   *
   * @throws IllegalArgumentException if {@code after} is below -1
   */
  public Subscription subscribe(long after, PushListener listener) {
    if (after < -1) {
      throw new IllegalArgumentException("after must be a sequence, or -1 for the whole history");
    }
    return Subscription.start(
        this, after, Objects.requireNonNull(listener, "listener"), settings.pushIdleTimeout());
  }

  // ---- messages ----

  /** Seals, uploads, fetches and opens messages; see {@link Messages}. */
  public Messages messages() {
    return new Messages(this);
  }

  /**
   * An audit of this hub's transparency log against the log's pinned verifier keys; see {@link
   * LogAudit}.
   */
  public LogAudit logAudit(List<NoteVerifierKey> logKeys) {
    return LogAudit.of(new HubLogSource(this), logKeys);
  }

  /**
   * An audit of the largest checkpoint of this hub's log that witnesses cosigned, which must carry
   * cosignatures by at least {@code quorum} of the {@code witnesses} the caller configured; see
   * {@link LogAudit#requireWitnesses}. A hub that shows this party a history no witness saw cannot
   * pass it.
   */
  public LogAudit witnessedLogAudit(
      List<NoteVerifierKey> logKeys, int quorum, List<NoteVerifierKey> witnesses) {
    return LogAudit.of(new HubLogSource(this, true), logKeys).requireWitnesses(quorum, witnesses);
  }

  /**
   * A witness of this hub's log that cosigns with {@code key} and remembers the last checkpoint in
   * {@code store}; see {@link Witness}. Register the key first ({@link #registerWitnessKey}).
   */
  public Witness witness(
      List<NoteVerifierKey> logKeys, WitnessSigningKey key, CheckpointStore store) {
    return Witness.of(new HubLogSource(this), logKeys, key, store, settings.clock());
  }

  /**
   * Registers {@code key} as this party's witness key, replacing any earlier one; the hub records
   * it in the log and accepts cosignatures by it from then on. Repeating it changes nothing.
   *
   * @throws IllegalArgumentException if it is not a cosignature (type 0x04) key
   */
  public void registerWitnessKey(NoteVerifierKey key) throws HubException {
    if (key.type() != NoteVerifierKey.Type.COSIGNATURE_V1) {
      throw new IllegalArgumentException("a witness key is a tlog-cosignature v1 key");
    }
    new HubLogSource(this).registerWitnessKey(key);
  }

  /**
   * Submits a checkpoint cosigned by this party's registered witness key (for instance by witness
   * software of its own); {@link Witness} does this after its checks.
   *
   * @return whether the hub stored it (false: it already had this witness's cosignature of it)
   * @throws HubException with {@link org.rogatory.protocol.ErrorCode#UNKNOWN_CHECKPOINT} if the hub
   *     never published that checkpoint, {@link org.rogatory.protocol.ErrorCode#BAD_COSIGNATURE} if
   *     no line by the registered key verifies
   */
  public boolean submitCosignature(String cosignedNote) throws HubException {
    return new HubLogSource(this).submitCosignature(cosignedNote);
  }

  /**
   * Exports the hub's full event history and checkpoints as an audit bundle; this party must be
   * enrolled as an AUDITOR. See {@link AuditExport}.
   */
  public AuditExport auditExport() {
    return new AuditExport(this);
  }

  /** Fetches and verifies the evidence of messages; see {@link Evidence}. */
  public Evidence evidence() {
    return new Evidence(this);
  }

  static String newIdempotencyKey() {
    return UUID.randomUUID().toString();
  }

  static String checkKey(String key) {
    if (key == null || !key.matches("[\\x21-\\x7e]{1,128}")) {
      throw new IllegalArgumentException("an idempotency key is 1-128 printable ASCII characters");
    }
    return key;
  }

  static String pathSegment(String id) {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
      throw new IllegalArgumentException("not a valid request or message id: " + id);
    }
    return id;
  }

  /** Stops this client's threads. The key store is the caller's to close. */
  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "HubClient[" + settings.hub() + "]";
  }

  /**
   * Builds a {@link HubClient}; {@link #build()} checks that everything needed was given ("hub must
   * be set").
   */
  public static final class Builder {
    private URI hub;
    private X509Certificate trustAnchor;
    private KeyStoreBackend keyStore;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private RetryPolicy retry = RetryPolicy.defaults();
    private Duration pushIdleTimeout = Duration.ofSeconds(45);
    private Clock clock = Clock.systemUTC();
    private List<NoteVerifierKey> logKeys = List.of();

    private Builder() {}

    /** The hub's base URL, {@code https://host:port}. Required. */
    public Builder hub(URI hub) {
      this.hub = Objects.requireNonNull(hub, "hub");
      return this;
    }

    /**
     * The hub's CA certificate, obtained from the Registry out of band; the only certificate this
     * client trusts. Required.
     */
    public Builder trustAnchor(X509Certificate trustAnchor) {
      this.trustAnchor = Objects.requireNonNull(trustAnchor, "trustAnchor");
      return this;
    }

    /**
     * The party's unlocked key store: its keys, and its TLS credentials once enrolled. Required.
     */
    public Builder keyStore(KeyStoreBackend keyStore) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    /** How long to wait for a connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one attempt may wait for the answer's headers; default 60 s. A long download is not
     * cut by it once the answer started.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** When and how often to repeat a failed call; default {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * How long a push {@link Subscription} waits without hearing anything (the hub sends a
     * heartbeat every 15 s) before it takes the connection for dead and reconnects; default 45 s.
     */
    public Builder pushIdleTimeout(Duration timeout) {
      this.pushIdleTimeout = positive(timeout, "pushIdleTimeout");
      return this;
    }

    /**
     * The transparency log's verifier keys, obtained from the hub's operator out of band. With
     * them, the client seals only to key bundles the hub proves are registered in its log, under a
     * checkpoint these keys signed ({@link KeyTransparency}); without them (the default), it trusts
     * the directory as the hub serves it.
     */
    public Builder logKeys(List<NoteVerifierKey> logKeys) {
      this.logKeys = List.copyOf(Objects.requireNonNull(logKeys, "logKeys"));
      return this;
    }

    /** The clock that stamps sealed envelopes; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    /**
     * Builds the client; it authenticates with the key store's TLS credentials if there are any
     * (else only {@link HubClient#enrol} works until enrolment).
     *
     * @throws IllegalStateException if a required setting is missing or invalid
     * @throws IOException if the key store's TLS credentials cannot be read
     */
    public HubClient build() throws IOException {
      if (hub == null) {
        throw new IllegalStateException("hub must be set");
      }
      if (!"https".equals(hub.getScheme()) || hub.getHost() == null) {
        throw new IllegalStateException("hub must be an https:// URL with a host");
      }
      if (trustAnchor == null) {
        throw new IllegalStateException("trustAnchor must be set (the hub CA certificate)");
      }
      if (keyStore == null) {
        throw new IllegalStateException("keyStore must be set");
      }
      URI base = URI.create(hub.getScheme() + "://" + hub.getRawAuthority() + "/");
      Settings s =
          new Settings(
              base,
              trustAnchor,
              keyStore,
              connectTimeout,
              requestTimeout,
              retry,
              pushIdleTimeout,
              clock,
              logKeys);
      TlsCredentials credentials = keyStore.tlsCredentials().orElse(null);
      if (credentials != null && !credentials.party().equals(keyStore.partyKeys().party())) {
        throw new IllegalStateException("the key store's certificate names another party");
      }
      return new HubClient(s, s.newTransport(credentials));
    }
  }
}
