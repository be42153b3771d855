#!/usr/bin/env node
// An independent verifier of Rogatory audit bundles, written from docs/spec/*.md alone
// (audit-bundle.md, event-chain.md, transparency-log.md, evidence.md, key-bundle.md,
// conventions.md) with the noble libraries; it shares no code with the Java implementation.
//
//   node verify.mjs BUNDLE.zip [--log-keys FILE] [--state FILE]...
//
// Prints "OK ..." and exits 0, or prints "FAIL at n=K: sentence" and exits 3 (the exit code of a
// log that does not verify, audit-bundle.md 4). Usage and I/O errors exit 2.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ml_dsa65 } from '@noble/post-quantum/ml-dsa.js';

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A verification failure at a position (audit-bundle.md 4). */
class Failure extends Error {
  constructor(at, message) {
    super(message);
    this.at = at;
  }
}
const fail = (at, message) => {
  throw new Failure(at, message);
};

// ---------------------------------------------------------------- bytes
const concat = (...parts) => {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};
const u8 = (v) => Uint8Array.of(v);
const u32 = (v) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v);
  return b;
};
const u64 = (v) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(v));
  return b;
};
const i64 = (v) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(v));
  return b;
};
const hex = (b) => Buffer.from(b).toString('hex');
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
const allZero = (b) => b.every((x) => x === 0);

/** Strict, canonical, padded base64 (RFC 4648 section 4); null if not. */
function b64(text) {
  if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    return null;
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  return Buffer.from(bytes).toString('base64') === text ? bytes : null;
}

// ---------------------------------------------------------------- JSON
// A small RFC 8259 parser that reports duplicate members and tells integers from other numbers
// (JSON.parse does neither). Integers are returned as BigInt, other numbers as Number.
class Json {
  constructor(text, pos = 0) {
    this.t = text;
    this.i = pos;
    this.duplicate = false;
  }
  ws() {
    while (this.i < this.t.length && ' \t\n\r'.includes(this.t[this.i])) this.i++;
  }
  err() {
    throw new SyntaxError('invalid JSON at offset ' + this.i);
  }
  value() {
    this.ws();
    const c = this.t[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (this.t.startsWith('true', this.i)) return (this.i += 4), true;
    if (this.t.startsWith('false', this.i)) return (this.i += 5), false;
    if (this.t.startsWith('null', this.i)) return (this.i += 4), null;
    return this.number();
  }
  object() {
    this.i++;
    const o = Object.create(null);
    this.ws();
    if (this.t[this.i] === '}') return this.i++, o;
    for (;;) {
      this.ws();
      if (this.t[this.i] !== '"') this.err();
      const k = this.string();
      this.ws();
      if (this.t[this.i++] !== ':') this.err();
      const v = this.value();
      if (k in o) this.duplicate = true;
      o[k] = v;
      this.ws();
      const c = this.t[this.i++];
      if (c === '}') return o;
      if (c !== ',') this.err();
    }
  }
  array() {
    this.i++;
    const a = [];
    this.ws();
    if (this.t[this.i] === ']') return this.i++, a;
    for (;;) {
      a.push(this.value());
      this.ws();
      const c = this.t[this.i++];
      if (c === ']') return a;
      if (c !== ',') this.err();
    }
  }
  string() {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/.exec(
      this.t.slice(this.i, this.i + 0x7fffffff),
    );
    if (!m) this.err();
    this.i += m[0].length;
    return JSON.parse(m[0]);
  }
  number() {
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.t.slice(this.i, this.i + 400));
    if (!m) this.err();
    this.i += m[0].length;
    return m[1] || m[2] ? Number(m[0]) : BigInt(m[0]);
  }
}
/** Parses one whole JSON text; throws on trailing content. */
function parseJson(text) {
  const p = new Json(text);
  const v = p.value();
  p.ws();
  if (p.i !== text.length) p.err();
  return { value: v, duplicate: p.duplicate };
}
/** The JSON objects of a "jsonl" text, separated by any JSON whitespace (audit-bundle.md 3). */
function* jsonObjects(text) {
  const p = new Json(text);
  for (;;) {
    p.ws();
    if (p.i >= text.length) return;
    p.duplicate = false;
    const start = p.i;
    let v;
    try {
      if (text[p.i] !== '{') p.err();
      v = p.value();
    } catch (e) {
      yield { error: e.message, start };
      return;
    }
    yield { value: v, duplicate: p.duplicate };
  }
}
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v) => typeof v === 'bigint';

// ---------------------------------------------------------------- log keys (transparency-log.md 2.4)
const ML_TYPE = concat(u8(0xff), enc.encode('rogatory-v1 ml-dsa-65'));
function parseVerifierKey(line) {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(line);
  if (!m) return null;
  const [, name, id, key64] = m;
  const raw = b64(key64);
  if (!raw || raw.length === 0) return null;
  let kind;
  let typeLen;
  if (raw[0] === 0x01 && raw.length === 33) {
    kind = 'ed25519';
    typeLen = 1;
  } else if (raw.length === ML_TYPE.length + 1952 && equal(raw.subarray(0, ML_TYPE.length), ML_TYPE)) {
    kind = 'mldsa65';
    typeLen = ML_TYPE.length;
  } else {
    return null;
  }
  const computed = hex(sha256(concat(enc.encode(name), u8(0x0a), raw)).subarray(0, 4));
  if (computed !== id) return null;
  return { name, id, kind, pk: raw.subarray(typeLen), text: line };
}
function parseKeyFile(text, what) {
  const keys = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const k = parseVerifierKey(line);
    if (!k) fail(null, `${what}: "${line.slice(0, 60)}" is not a verifier key`);
    keys.push(k);
  }
  if (keys.length === 0) fail(null, `${what} holds no verifier key`);
  return keys;
}

// ---------------------------------------------------------------- checkpoints (transparency-log.md 2)
const MAX_SIZE = (1n << 63n) - 1n;
const EM_DASH = '\u2014 ';
/** Verifies a signed checkpoint note; returns {size: BigInt, root: Uint8Array} or a reason. */
function verifyCheckpoint(note, keys, origin) {
  if (typeof note !== 'string') return { error: 'not a string' };
  if (enc.encode(note).length > 1 << 20) return { error: 'note larger than 1 MiB' };
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(note)) return { error: 'control character in note' };
  if (!note.endsWith('\n')) return { error: 'note does not end with a newline' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return { error: 'no signature block' };
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, note.length - 1).split('\n');
  if (sigLines.length > 100) return { error: 'more than 100 signatures' };
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) return { error: 'checkpoint text too short' };
  if (lines.some((l) => l === '')) return { error: 'empty line in checkpoint text' };
  const [o, sizeText, rootText] = lines;
  if (o !== origin) return { error: `origin "${o}" is not the log's` };
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || BigInt(sizeText) > MAX_SIZE) {
    return { error: 'bad tree size' };
  }
  const root = b64(rootText);
  if (!root || root.length !== 32) return { error: 'bad root hash' };
  const textBytes = enc.encode(text);
  const verified = new Set();
  for (const line of sigLines) {
    if (!line.startsWith(EM_DASH)) return { error: 'malformed signature line' };
    const rest = line.slice(EM_DASH.length);
    const sp = rest.indexOf(' ');
    if (sp <= 0) return { error: 'malformed signature line' };
    const name = rest.slice(0, sp);
    const sig = b64(rest.slice(sp + 1));
    if (!sig || sig.length < 5) return { error: 'malformed signature line' };
    const id = hex(sig.subarray(0, 4));
    const key = keys.find((k) => k.name === name && k.id === id);
    if (!key) continue; // unknown key (a witness): ignored
    const s = sig.subarray(4);
    let ok = false;
    try {
      ok =
        key.kind === 'ed25519'
          ? s.length === 64 && ed25519.verify(s, textBytes, key.pk, { zip215: false })
          : s.length === 3309 &&
            ml_dsa65.verify(s, textBytes, key.pk, { context: enc.encode('rogatory-v1 checkpoint') });
    } catch {
      ok = false;
    }
    if (!ok) return { error: `signature by ${key.name}+${key.id} does not verify` };
    verified.add(key);
  }
  for (const k of keys) {
    if (!verified.has(k)) return { error: `no valid signature by ${k.name}+${k.id}` };
  }
  return { size: BigInt(sizeText), root };
}

// ---------------------------------------------------------------- Merkle tree (RFC 9162 2.1.1)
class Tree {
  constructor() {
    this.stack = []; // [hash, size] of perfect subtrees, largest first
    this.size = 0n;
  }
  append(leafData) {
    let h = sha256(concat(u8(0), leafData));
    let s = 1n;
    while (this.stack.length && this.stack[this.stack.length - 1][1] === s) {
      const [left] = this.stack.pop();
      h = sha256(concat(u8(1), left, h));
      s *= 2n;
    }
    this.stack.push([h, s]);
    this.size += 1n;
  }
  root() {
    if (this.stack.length === 0) return sha256(new Uint8Array(0));
    let r = this.stack[this.stack.length - 1][0];
    for (let i = this.stack.length - 2; i >= 0; i--) r = sha256(concat(u8(1), this.stack[i][0], r));
    return r;
  }
}
const LEAF_LABEL = enc.encode('rogatory-v1 event-leaf\u0000');

// ---------------------------------------------------------------- event chain (event-chain.md)
const EVENT_LABEL = enc.encode('rogatory-v1 event\u0000');
const s = (x) => {
  if (x === null) return u32(0xffffffff);
  const b = enc.encode(x);
  return concat(u32(b.length), b);
};
const b = (x) => concat(u32(x.length), x);
function chainHash(n, previous, e, payload, metadata) {
  return sha256(
    concat(
      EVENT_LABEL,
      u64(n),
      previous,
      s(e.eventId),
      s(e.aggregateType),
      s(e.aggregateId),
      i64(e.aggregateSequence),
      s(e.timestamp),
      s(e.payloadType),
      s(e.payloadRevision),
      b(payload),
      b(metadata),
    ),
  );
}
const EVENT_MEMBERS = {
  n: 'int',
  eventId: 'string',
  aggregateType: 'string?',
  aggregateId: 'string?',
  aggregateSequence: 'int',
  timestamp: 'string',
  payloadType: 'string',
  payloadRevision: 'string?',
  payload: 'base64',
  metadata: 'base64',
  hash: 'base64',
};
const typeOk = (v, t) =>
  t === 'int'
    ? isInt(v)
    : t === 'string' || t === 'base64'
      ? typeof v === 'string'
      : t === 'string?'
        ? v === null || typeof v === 'string'
        : false;

// ---------------------------------------------------------------- signed statements (evidence.md)
const PARTY_ID = /^[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?$/;
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.i = 0;
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n) {
    if (this.i + n > this.b.length) throw new Error('truncated');
  }
  take(n) {
    this.need(n);
    const r = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return r;
  }
  u8() {
    this.need(1);
    return this.b[this.i++];
  }
  u16() {
    this.need(2);
    const r = this.v.getUint16(this.i);
    this.i += 2;
    return r;
  }
  u32() {
    this.need(4);
    const r = this.v.getUint32(this.i);
    this.i += 4;
    return r;
  }
  i64() {
    this.need(8);
    const r = this.v.getBigInt64(this.i);
    this.i += 8;
    return r;
  }
  str16() {
    return utf8.decode(this.take(this.u16()));
  }
  bytes32() {
    return this.take(this.u32());
  }
  end() {
    if (this.i !== this.b.length) throw new Error('trailing bytes');
  }
}
function uuid(bytes) {
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
/** Decodes a RETRIEVAL_RECEIPT statement (evidence.md 2); throws on any broken rule. */
function decodeReceiptStatement(bytes) {
  const r = new Reader(bytes);
  if (!equal(r.take(20), enc.encode('rogatory-v1 evidence')) || r.u8() !== 0) throw new Error('label');
  if (r.u8() !== 1) throw new Error('version');
  const type = r.u8();
  if (type !== 16) throw new Error(`type ${type} is not RETRIEVAL_RECEIPT`);
  const origin = r.str16();
  const requestId = r.str16();
  const messageId = uuid(r.take(16));
  const actor = r.str16();
  const fingerprint = r.take(32);
  const nRecipients = r.u16();
  const envelopeDigest = r.take(32);
  const envelopeSize = r.i64();
  const seconds = r.i64();
  const nanos = r.u32();
  const logIndex = r.i64();
  const eventHash = r.take(32);
  const receiptDigest = r.take(32);
  r.end();
  if (origin !== '') throw new Error('origin set');
  if (!REQUEST_ID.test(requestId) || !PARTY_ID.test(actor)) throw new Error('identifier syntax');
  if (nRecipients !== 0) throw new Error('recipients set');
  if (allZero(envelopeDigest)) throw new Error('zero envelope digest');
  if (envelopeSize < 0n || seconds < 0n || nanos > 999999999) throw new Error('range');
  if (logIndex !== 0n || !allZero(eventHash) || !allZero(receiptDigest)) throw new Error('unused set');
  return { requestId, messageId, actor, fingerprint, envelopeDigest, envelopeSize, seconds };
}
function hybridVerify(context, fingerprint, data, signature, edPk, mlPk) {
  if (signature.length !== 3373) return false;
  const c = enc.encode(context);
  const m = concat(enc.encode('rogatory-v1 hybrid signature\u0000'), u8(c.length), c, fingerprint, data);
  try {
    return (
      ed25519.verify(signature.subarray(0, 64), m, edPk, { zip215: false }) &&
      ml_dsa65.verify(signature.subarray(64), m, mlPk, { context: c })
    );
  } catch {
    return false;
  }
}
/** Decodes and checks a key bundle (key-bundle.md); throws on any broken rule. */
function decodeKeyBundle(bytes) {
  if (bytes.length > 8192) throw new Error('too large');
  const r = new Reader(bytes);
  if (!equal(r.take(4), enc.encode('RGKB')) || r.u8() !== 1 || r.u8() !== 1) throw new Error('magic');
  const party = r.str16();
  const device = r.str16();
  r.u32();
  const notBefore = r.i64();
  const notAfter = r.i64();
  const edPk = r.take(32);
  const mlPk = r.take(1952);
  const xwing = r.take(1216);
  const bodyEnd = r.i;
  const sig = r.take(3373);
  r.end();
  if (!PARTY_ID.test(party) || !PARTY_ID.test(device)) throw new Error('identifier syntax');
  if (notBefore < 0n || notAfter <= notBefore || notAfter > 253402300799n) throw new Error('validity');
  for (let i = 0; i < 1152; i += 3) {
    const [b0, b1, b2] = [xwing[i], xwing[i + 1], xwing[i + 2]];
    if ((b0 | ((b1 & 0x0f) << 8)) >= 3329 || ((b1 >> 4) | (b2 << 4)) >= 3329) throw new Error('modulus');
  }
  const body = bytes.subarray(0, bodyEnd);
  const fingerprint = sha256(body);
  if (!hybridVerify('rogatory-v1 key-bundle', fingerprint, body, sig, edPk, mlPk)) {
    throw new Error('self-signature');
  }
  return { party, notBefore, notAfter, edPk, mlPk, fingerprint: hex(fingerprint) };
}

// ---------------------------------------------------------------- domain rules (audit-bundle.md 5)
const P = 'org.rogatory.hub.party.api.PartyEvents$';
const R = 'org.rogatory.hub.request.api.RequestEvents$';

// An instant as the hub writes it (audit-bundle.md 5): RFC 3339 in UTC, 'Z', 0 to 9 fraction
// digits; nanoseconds since the epoch as a BigInt, or null if the text is not such an instant.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
function instantNanos(text) {
  const m = typeof text === 'string' ? INSTANT.exec(text) : null;
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const t = new Date(ms);
  if (y < 1 || t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d ||
      h > 23 || mi > 59 || s > 59) {
    return null;
  }
  return BigInt(ms / 1000) * 1000000000n + BigInt((m[7] || '').padEnd(9, '0'));
}

class Rules {
  constructor() {
    this.parties = new Map(); // id -> {kind, suspended, keys: Map(fp -> {bundle, revoked})}
    this.requests = new Map(); // id -> {court, addressee, status}
    // requestId + ' ' + messageId -> {sender, recipients, digest, size, deadline}
    this.messages = new Map();
    // requestId + ' ' + messageId + ' ' + recipient of each delivery, retrieval, missed deadline
    this.delivered = new Set();
    this.retrieved = new Set();
    this.missed = new Set();
    this.bundles = new Map(); // fp -> decoded bundle or Error
  }

  apply(k, e, payloadBytes) {
    const type = e.payloadType;
    const isP = type.startsWith(P);
    const isR = type.startsWith(R);
    if (!isP && !isR) return;
    const name = type.slice((isP ? P : R).length);
    const partyRules = [
      'PartyEnrolledEvent',
      'KeyBundleRegisteredEvent',
      'KeyBundleRevokedEvent',
      'PartySuspendedEvent',
      'PartyReinstatedEvent',
    ];
    if (isP && !partyRules.includes(name)) return;
    const broken = (rule, why) => fail(k, `event ${k} breaks domain rule ${rule}: ${why}`);
    let p;
    try {
      p = parseJson(utf8.decode(payloadBytes)).value;
    } catch {
      broken('F1', 'malformed payload (not a JSON object)');
    }
    if (!isObject(p)) broken('F1', 'malformed payload (not a JSON object)');
    const str = (m) => {
      if (typeof p[m] !== 'string') broken('F1', `malformed payload (member ${m})`);
      return p[m];
    };
    // digests and fingerprints are strings compared as text, exactly as written (the hub writes
    // lower-case hex); their form is not checked (audit-bundle.md 5)
    const hex64 = str;
    const enrolled = (id) => {
      const party = this.parties.get(id);
      if (!party) broken('P3', `party ${id} is not enrolled`);
      return party;
    };
    const notSuspended = (id) => {
      const party = this.parties.get(id);
      if (party && party.suspended) broken('S1', `party ${id} is suspended`);
    };

    if (isP) {
      const partyId = str('partyId');
      if (name === 'PartyEnrolledEvent') {
        const kind = str('kind'); // another value is kept: it is simply not one the rules name
        if (this.parties.has(partyId)) broken('P1', `party ${partyId} is enrolled twice`);
        this.parties.set(partyId, { kind, suspended: false, keys: new Map() });
        return;
      }
      if (name === 'KeyBundleRegisteredEvent') {
        const fp = hex64('keyFingerprint');
        const bundle = b64(str('keyBundle'));
        if (!bundle) broken('F1', 'malformed payload (member keyBundle)');
        const party = enrolled(partyId);
        party.keys.set(fp, { bundle, revoked: false });
        return;
      }
      if (name === 'KeyBundleRevokedEvent') {
        const fp = hex64('keyFingerprint');
        const party = enrolled(partyId);
        const key = party.keys.get(fp);
        if (!key) broken('P2', `key ${fp} was never registered for ${partyId}`);
        key.revoked = true;
        return;
      }
      const party = enrolled(partyId);
      party.suspended = name === 'PartySuspendedEvent';
      return;
    }

    // request events
    const requestId = str('requestId');
    if (name === 'RequestOpenedEvent') {
      const openedBy = str('openedBy');
      const addressee = str('addressee');
      const court = enrolled(openedBy);
      const addr = enrolled(addressee);
      if (this.requests.has(requestId)) broken('R1', `request ${requestId} is opened twice`);
      if (court.kind !== 'COURT_ORGAN') broken('R1', `${openedBy} is not a Court organ`);
      if (addr.kind === 'AUDITOR' || addressee === openedBy) broken('R1', `${addressee} may not be addressed`);
      notSuspended(openedBy);
      this.requests.set(requestId, { court: openedBy, addressee, status: 'OPEN' });
      return;
    }
    // read every listed member first: a malformed payload is F1 whatever else is wrong
    const members = {
      RequestDeliveredEvent: ['addressee'],
      RequestAcknowledgedEvent: ['acknowledgedBy'],
      ExecutionStartedEvent: ['actingParty'],
      ConsultationRequestedEvent: ['requestedBy'],
      ConsultationResolvedEvent: ['resolvedBy'],
      OutcomeReportedEvent: ['reportedBy', 'outcome'],
      RequestClosedEvent: ['closedBy'],
      MessageSubmittedEvent: ['messageId', 'sender', 'senderKeyFingerprint'],
      MessageDeliveredEvent: ['messageId', 'recipient'],
      MessageRetrievedEvent: ['messageId', 'recipient'],
      MessageNotRetrievedEvent: ['messageId', 'recipient', 'deadline', 'at'],
    }[name];
    for (const m of members || []) str(m);
    const req = this.requests.get(requestId);
    if (!req) broken('R2', `request ${requestId} was never opened`);
    const transition = (from, to) => {
      if (!from.includes(req.status)) broken('R3', `${name} in status ${req.status}`);
      req.status = to;
    };
    const actor = (id, allowed) => {
      if (!allowed.includes(id)) broken('R4', `${id} may not act on ${requestId}`);
      notSuspended(id);
    };
    const ADDR = [req.addressee];
    const BOTH = [req.court, req.addressee];
    switch (name) {
      case 'RequestDeliveredEvent':
        actor(p.addressee, ADDR);
        transition(['OPEN'], 'DELIVERED');
        return;
      case 'RequestAcknowledgedEvent':
        actor(p.acknowledgedBy, ADDR);
        transition(['OPEN', 'DELIVERED'], 'ACKNOWLEDGED');
        return;
      case 'ExecutionStartedEvent':
        actor(p.actingParty, ADDR);
        transition(['ACKNOWLEDGED'], 'IN_EXECUTION');
        return;
      case 'ConsultationRequestedEvent':
        actor(p.requestedBy, ADDR);
        transition(['ACKNOWLEDGED', 'IN_EXECUTION'], 'CONSULTATION');
        return;
      case 'ConsultationResolvedEvent':
        actor(p.resolvedBy, BOTH);
        transition(['CONSULTATION'], 'IN_EXECUTION');
        return;
      case 'OutcomeReportedEvent': {
        actor(p.reportedBy, ADDR);
        const outcome = p.outcome;
        if (outcome === 'EXECUTED' || outcome === 'PARTIALLY_EXECUTED') transition(['IN_EXECUTION'], outcome);
        else if (outcome === 'NOT_EXECUTED') transition(['IN_EXECUTION', 'CONSULTATION'], outcome);
        else broken('R3', `outcome ${outcome}`);
        return;
      }
      case 'RequestClosedEvent': {
        const w = p.withdrawn;
        if (w !== undefined && typeof w !== 'boolean') broken('F1', 'malformed payload (member withdrawn)');
        actor(p.closedBy, [req.court]);
        if (w === true) {
          if (req.status === 'CLOSED') broken('R3', 'RequestClosedEvent in status CLOSED');
          req.status = 'CLOSED';
        } else {
          transition(['EXECUTED', 'PARTIALLY_EXECUTED', 'NOT_EXECUTED'], 'CLOSED');
        }
        return;
      }
      case 'MessageSubmittedEvent': {
        const recipients = p.recipientParties;
        if (!Array.isArray(recipients) || recipients.some((x) => typeof x !== 'string')) {
          broken('F1', 'malformed payload (member recipientParties)');
        }
        const digest = hex64('envelopeDigest');
        hex64('senderKeyFingerprint');
        if (!isInt(p.envelopeSize)) broken('F1', 'malformed payload (member envelopeSize)');
        const deadline = p.retrievalDeadline ?? null; // absent or null: no deadline (revision 1)
        if (deadline !== null && typeof deadline !== 'string') {
          broken('F1', 'malformed payload (member retrievalDeadline)');
        }
        const sender = enrolled(p.sender);
        actor(p.sender, BOTH);
        const key = `${requestId} ${p.messageId}`;
        if (req.status === 'CLOSED') broken('M1', `message on closed request ${requestId}`);
        if (recipients.length === 0 || recipients.some((x) => !BOTH.includes(x))) {
          broken('M1', 'recipients are not the request\'s parties');
        }
        if (this.messages.has(key)) broken('M1', `message ${p.messageId} is submitted twice`);
        const fp = sender.keys.get(p.senderKeyFingerprint);
        if (!fp || fp.revoked) broken('K1', `sender key ${p.senderKeyFingerprint} is not registered`);
        this.messages.set(key, { sender: p.sender, recipients, digest, size: p.envelopeSize, deadline });
        return;
      }
      case 'MessageDeliveredEvent':
      case 'MessageRetrievedEvent': {
        const msg = this.messages.get(`${requestId} ${p.messageId}`);
        let receipt = null;
        let receiptDigest = null;
        if (name === 'MessageRetrievedEvent') {
          // a receipt is checked whenever one is recorded, whatever the revision
          if (p.receipt !== undefined && p.receipt !== null) {
            receiptDigest = hex64('receiptDigest');
            receipt = b64(str('receipt'));
            if (!receipt) broken('F1', 'malformed payload (member receipt)');
          }
        }
        if (!msg) broken('M2', `message ${p.messageId} was never submitted on ${requestId}`);
        if (!msg.recipients.includes(p.recipient)) broken('M2', `${p.recipient} is not a recipient`);
        notSuspended(p.recipient);
        if (receipt) this.receipt(k, p, msg, receipt, receiptDigest, broken, enrolled);
        const who = `${requestId} ${p.messageId} ${p.recipient}`;
        (name === 'MessageDeliveredEvent' ? this.delivered : this.retrieved).add(who);
        return;
      }
      case 'MessageNotRetrievedEvent': {
        if (typeof p.delivered !== 'boolean') broken('F1', 'malformed payload (member delivered)');
        const due = instantNanos(p.deadline);
        const at = instantNanos(p.at);
        if (due === null || at === null) broken('F1', 'malformed payload (an instant)');
        const msg = this.messages.get(`${requestId} ${p.messageId}`);
        if (!msg || !msg.recipients.includes(p.recipient)) {
          broken('M2', `${p.recipient} is not a recipient of message ${p.messageId}`);
        }
        if (p.recipient === msg.sender) broken('N1', 'the sender has no deadline for its own copy');
        if (msg.deadline !== p.deadline) broken('N1', `the message's deadline is ${msg.deadline}`);
        if (at < due) broken('N1', 'recorded before the deadline');
        const who = `${requestId} ${p.messageId} ${p.recipient}`;
        if (this.retrieved.has(who)) broken('N2', `${p.recipient} had returned a receipt`);
        if (this.missed.has(who)) broken('N2', `${p.recipient} missed the deadline twice`);
        this.missed.add(who);
        if (p.delivered !== this.delivered.has(who)) broken('N3', 'delivered is not what happened');
        return;
      }
      default:
        return;
    }
  }

  receipt(k, p, msg, signed, receiptDigest, broken, enrolled) {
    let statement;
    let sig;
    let st;
    try {
      const r = new Reader(signed);
      statement = r.bytes32();
      sig = r.bytes32();
      r.end();
      st = decodeReceiptStatement(statement);
    } catch (err) {
      broken('E1', `the receipt does not decode (${err.message})`);
    }
    if (hex(sha256(signed)) !== receiptDigest) broken('E1', 'receiptDigest is not the receipt\'s SHA-256');
    if (
      st.requestId !== p.requestId ||
      st.messageId !== p.messageId.toLowerCase() ||
      st.actor !== p.recipient ||
      hex(st.envelopeDigest) !== msg.digest ||
      st.envelopeSize !== msg.size
    ) {
      broken('E1', 'the receipt names another request, message, recipient or envelope');
    }
    const recipient = enrolled(p.recipient);
    const fp = hex(st.fingerprint);
    let registered = null;
    for (const party of this.parties.values()) {
      if (party.keys.has(fp)) registered = party.keys.get(fp);
    }
    if (!registered) broken('E1', `no key bundle is registered with fingerprint ${fp}`);
    let bundle;
    try {
      bundle = decodeKeyBundle(registered.bundle);
    } catch (err) {
      broken('E1', `the key bundle ${fp} does not decode (${err.message})`);
    }
    if (bundle.fingerprint !== fp || bundle.party !== p.recipient) {
      broken('E1', `the key bundle ${fp} is not the recipient's`);
    }
    if (st.seconds < bundle.notBefore || st.seconds >= bundle.notAfter) {
      broken('E1', 'the key bundle is not valid at the receipt\'s time');
    }
    if (!hybridVerify('rogatory-v1 receipt', st.fingerprint, statement, sig, bundle.edPk, bundle.mlPk)) {
      broken('E1', 'the receipt\'s signature does not verify');
    }
    const own = recipient.keys.get(fp);
    if (!own || own.revoked) broken('K2', `key ${fp} is not a valid key of ${p.recipient}`);
  }
}

// ---------------------------------------------------------------- the bundle (audit-bundle.md 3, 4)
const PARTS = ['log-keys.txt', 'events.jsonl', 'checkpoints.jsonl'];
function verifyBundle(zipBytes, givenKeysText, heldNotes) {
  let files;
  try {
    files = unzipSync(zipBytes);
  } catch (err) {
    fail(null, `the bundle is not a readable ZIP file (${err.message})`);
  }
  // the four entries are read by name; any other entry is ignored (audit-bundle.md 3)
  for (const n of [...PARTS, 'manifest.json']) {
    if (!(n in files)) fail(null, `the bundle has no entry ${n}`);
  }

  // 1. manifest
  let manifest;
  try {
    const parsed = parseJson(utf8.decode(files['manifest.json']));
    if (parsed.duplicate) throw new Error('duplicate member');
    manifest = parsed.value;
  } catch (err) {
    fail(null, `manifest.json is not JSON (${err.message})`);
  }
  if (!isObject(manifest) || manifest.format !== 'rogatory-audit-bundle/1') {
    fail(null, 'manifest.json: format is not rogatory-audit-bundle/1');
  }
  const parts = manifest.parts;
  if (
    !Array.isArray(parts) ||
    parts.length !== 3 ||
    !parts.every((x) => isObject(x) && isInt(x.size) && typeof x.sha256 === 'string') ||
    [...parts.map((x) => x.name)].sort().join() !== [...PARTS].sort().join()
  ) {
    fail(null, 'manifest.json: parts must list exactly log-keys.txt, events.jsonl and checkpoints.jsonl');
  }
  const part = (n) => parts.find((x) => x.name === n);
  const digestOk = (n) =>
    BigInt(files[n].length) === part(n).size && hex(sha256(files[n])) === part(n).sha256;
  if (!digestOk('log-keys.txt')) fail(null, 'log-keys.txt does not match the manifest\'s size and SHA-256');

  // 2. keys
  let keysText;
  try {
    keysText = utf8.decode(files['log-keys.txt']);
  } catch {
    fail(null, 'log-keys.txt is not UTF-8');
  }
  const keys = parseKeyFile(keysText, 'log-keys.txt');
  if (givenKeysText !== null) {
    const given = parseKeyFile(givenKeysText, '--log-keys');
    const a = new Set(keys.map((k) => k.text));
    const g = new Set(given.map((k) => k.text));
    if (a.size !== g.size || [...a].some((x) => !g.has(x))) {
      fail(null, 'the bundle\'s log keys are not the keys given with --log-keys');
    }
  }
  const origin = keys[0].name;
  if (!keys.some((k) => k.kind === 'ed25519') || !keys.some((k) => k.kind === 'mldsa65')) {
    fail(null, 'the log keys must hold an Ed25519 and an ML-DSA-65 key');
  }

  // 3. held checkpoints
  const held = [];
  for (const note of heldNotes) {
    const c = verifyCheckpoint(note, keys, origin);
    if (c.error) fail(null, `a held checkpoint does not verify: ${c.error}`);
    held.push(c);
  }

  // 4. the walk
  const checkpoints = [];
  let lastSize = -1n;
  let cpText;
  try {
    cpText = utf8.decode(files['checkpoints.jsonl']);
  } catch {
    fail(null, 'checkpoints.jsonl is not UTF-8');
  }
  for (const item of jsonObjects(cpText)) {
    // a line is read when the walk has reached the size of the line before it (the first line
    // before the first event), so a bad line fails there (audit-bundle.md 4)
    const at = checkpoints.length ? checkpoints[checkpoints.length - 1].size : 0n;
    const v = item.value;
    if (
      item.error ||
      item.duplicate ||
      !isObject(v) ||
      Object.keys(v).length !== 2 ||
      !isInt(v.size) ||
      typeof v.note !== 'string'
    ) {
      checkpoints.push({ bad: 'a line of checkpoints.jsonl is malformed', size: at });
      break;
    }
    const c = verifyCheckpoint(v.note, keys, origin);
    if (c.error) {
      checkpoints.push({ bad: `the checkpoint of size ${v.size} does not verify: ${c.error}`, size: at });
      break;
    }
    if (c.size !== v.size) {
      checkpoints.push({ bad: `the checkpoint line's size ${v.size} is not its note's`, size: at });
      break;
    }
    if (v.size <= lastSize) {
      checkpoints.push({ bad: `checkpoint sizes are not strictly increasing at ${v.size}`, size: at });
      break;
    }
    lastSize = v.size;
    checkpoints.push(c);
  }
  const all = [...checkpoints, ...held];
  let matched = 0n;
  const tree = new Tree();
  const checkAt = (size) => {
    for (const c of all) {
      if (c.size !== size) continue;
      if (c.bad) fail(null, c.bad);
      if (!equal(c.root, tree.root())) {
        fail(matched, `events ${matched} to ${size - 1n} are not the history the log signed`);
      }
    }
    if (all.some((c) => c.size === size)) matched = size;
  };
  // a malformed or unverifiable checkpoint line fails when the walk reaches it, even when its
  // size is never reached
  let eventsText;
  try {
    eventsText = utf8.decode(files['events.jsonl']);
  } catch {
    fail(null, 'events.jsonl is not UTF-8');
  }
  const rules = new Rules();
  let previous = new Uint8Array(32);
  let k = 0n;
  checkAt(0n);
  for (const item of jsonObjects(eventsText)) {
    const e = item.value;
    const keysOf = isObject(e) ? Object.keys(e) : [];
    if (
      item.error ||
      item.duplicate ||
      keysOf.length !== 11 ||
      !Object.entries(EVENT_MEMBERS).every(([m, t]) => m in e && typeOk(e[m], t))
    ) {
      fail(k, `event ${k} is malformed`);
    }
    if (e.n !== k) fail(k, `event ${k} is missing`);
    const payload = b64(e.payload);
    const metadata = b64(e.metadata);
    const hash = b64(e.hash);
    if (!payload || !metadata || !hash || hash.length !== 32) fail(k, `event ${k} is malformed`);
    const h = chainHash(k, previous, e, payload, metadata);
    if (!equal(h, hash)) fail(k, `event ${k} does not match its chain hash`);
    rules.apply(k, e, payload);
    tree.append(concat(LEAF_LABEL, u64(k), h));
    previous = h;
    k += 1n;
    checkAt(k);
  }
  // checkpoints that failed before the walk reached their size
  for (const c of checkpoints) if (c.bad && c.size <= k) fail(null, c.bad);

  // 5. the end
  for (const c of all) {
    if (c.size > k) {
      if (c.bad) fail(null, c.bad);
      fail(k, `the bundle is truncated: a checkpoint signs ${c.size} events, the bundle holds ${k}`);
    }
  }

  // 6. digests
  for (const n of ['events.jsonl', 'checkpoints.jsonl']) {
    if (!digestOk(n)) fail(null, `${n} does not match the manifest's size and SHA-256`);
  }
  return { events: k, checkpoints: checkpoints.length, held: held.length, origin, keys };
}

// ---------------------------------------------------------------- command line
function main(argv) {
  let bundlePath = null;
  let keysPath = null;
  const states = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--log-keys' && i + 1 < argv.length) keysPath = argv[++i];
    else if (argv[i] === '--state' && i + 1 < argv.length) states.push(argv[++i]);
    else if (!argv[i].startsWith('--') && bundlePath === null) bundlePath = argv[i];
    else {
      console.error('usage: verify.mjs BUNDLE.zip [--log-keys FILE] [--state FILE]...');
      return 2;
    }
  }
  if (bundlePath === null) {
    console.error('usage: verify.mjs BUNDLE.zip [--log-keys FILE] [--state FILE]...');
    return 2;
  }
  let zip;
  let keysText = null;
  let heldNotes;
  try {
    zip = new Uint8Array(readFileSync(bundlePath));
    if (keysPath) keysText = readFileSync(keysPath, 'utf8');
    heldNotes = states.map((f) => readFileSync(f, 'utf8'));
  } catch (err) {
    console.error(`cannot read: ${err.message}`);
    return 2;
  }
  try {
    const r = verifyBundle(zip, keysText, heldNotes);
    if (keysText === null) {
      console.log(`log keys (from the bundle; compare out of band): ${r.keys.map((x) => `${x.name}+${x.id}`).join(' ')}`);
    }
    console.log(`OK ${r.events} events, ${r.checkpoints} checkpoints, ${r.held} held checkpoints, origin ${r.origin}`);
    return 0;
  } catch (err) {
    if (err instanceof Failure) {
      // a failure about the bundle as a whole (manifest, keys, a checkpoint line) has no position
      console.log(err.at === null ? `FAIL: ${err.message}` : `FAIL at n=${err.at}: ${err.message}`);
      return 3;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
