#!/usr/bin/env python3
"""Rogatory evidence (docs/spec/evidence.md): an independent verifier of evidence bundles.

Written from evidence.md sections 2, 3, 5 and 6 (6.1 for a request's bundle), reusing only the other independent references
(tlog_ref.py for checkpoints, inclusion proofs and event leaves; rogatory_ref.py for key bundles
and the hybrid signature), with pyca/cryptography. It shares no code with the Java implementation.

    evidence_ref.py verify BUNDLE [--log-keys FILE]     (either format, told apart by "format")

prints {"verdict": "ok", ...} and exits 0, or prints "evidence_ref: <reason>" on stderr and exits 1.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import struct
import sys
import uuid

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

import rogatory_ref
import tlog_ref

LABEL = b"rogatory-v1 evidence\x00"
TYPES = {1: "SUBMISSION_ACCEPTANCE", 2: "DELIVERY", 3: "RETRIEVAL", 4: "NON_RETRIEVAL",
         5: "NON_DELIVERY", 16: "RETRIEVAL_RECEIPT"}
HUB_TYPES = {1, 2, 3, 4, 5}
MISSED = {"NON_RETRIEVAL", "NON_DELIVERY"}
ZERO = bytes(32)
SIG_LEN = 64 + 3309
REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}")
PARTY_ID = re.compile(r"[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?")
FORMAT = "rogatory-evidence/1"
MEMBERS = {"format", "requestId", "messageId", "logKeys", "checkpoint", "statements", "keyBundles"}
ITEM_MEMBERS = {"statement", "inclusionPath", "receipt"}
REQUEST_FORMAT = "rogatory-request-evidence/1"
REQUEST_MEMBERS = {"format", "requestId", "messages"}
MAX_MESSAGES = 4096


class EvidenceError(Exception):
    pass


def fail(msg: str) -> None:
    raise EvidenceError(msg)


def b64(s: object) -> bytes:
    if not isinstance(s, str):
        fail("a binary member is not a string")
    try:
        raw = base64.b64decode(s, validate=True)
    except ValueError:
        fail("not base64")
    if base64.b64encode(raw).decode("ascii") != s:
        fail("not canonical base64")
    return raw


class Statement:
    """evidence.md section 2, with every MUST of the decoder."""

    def __init__(self, data: bytes):
        r = rogatory_ref.Reader(data)
        try:
            if r.raw(len(LABEL)) != LABEL or r.u8() != 1:
                fail("not a version 1 evidence statement")
            t = r.u8()
            if t not in TYPES:
                fail(f"unknown statement type {t}")
            self.type = TYPES[t]
            self.hub = t in HUB_TYPES
            self.origin = r.str16()
            self.request_id = r.str16()
            self.message_id = str(uuid.UUID(bytes=r.raw(16)))
            self.actor = r.str16()
            self.actor_key = r.raw(32)
            self.recipients = [r.str16() for _ in range(r.u16())]
            self.envelope_digest = r.raw(32)
            self.envelope_size = r.i64()
            self.seconds = r.i64()
            self.nanos = r.u32()
            self.log_index = r.i64()
            self.event_hash = r.raw(32)
            self.receipt_digest = r.raw(32)
            r.end()
        except rogatory_ref.RogatoryError as e:
            fail(f"malformed statement: {e}")
        self.check()

    def check(self) -> None:
        if not REQUEST_ID.fullmatch(self.request_id):
            fail("bad request id")
        for p in [self.actor] + self.recipients:
            if not PARTY_ID.fullmatch(p):
                fail("bad party id")
        if min(self.envelope_size, self.seconds, self.log_index) < 0 or self.nanos > 999_999_999:
            fail("negative size, index or time, or nanoseconds out of range")
        if self.envelope_digest == ZERO:
            fail("no envelope digest")
        if self.hub:
            if not tlog_ref.valid_key_name(self.origin) or self.event_hash == ZERO:
                fail("a hub statement names its origin and event hash")
        elif self.origin or self.log_index or self.event_hash != ZERO:
            fail("a receipt names no origin, index or event")
        subm = self.type == "SUBMISSION_ACCEPTANCE"
        if subm != bool(self.recipients) or len(self.recipients) > 64:
            fail("recipients only and always in a submission acceptance")
        if (self.type == "DELIVERY" or self.type in MISSED) != (self.actor_key == ZERO):
            fail("key fingerprint present except in a delivery, non-delivery or non-retrieval")
        if (self.type == "RETRIEVAL") != (self.receipt_digest != ZERO):
            fail("receipt digest only and always in a retrieval")


def signed(data: bytes) -> tuple[bytes, bytes]:
    """evidence.md section 3: bytes32(statement) || bytes32(signature)."""
    r = rogatory_ref.Reader(data)
    try:
        st, sig = r.bytes32(), r.bytes32()
        r.end()
    except rogatory_ref.RogatoryError as e:
        fail(f"malformed signed statement: {e}")
    if len(sig) != SIG_LEN:
        fail("wrong signature length")
    return st, sig


def verify_by_log(st: bytes, sig: bytes, s: Statement, keys: list[tlog_ref.VerifierKey]) -> None:
    ed = [k for k in keys if k.name == s.origin and k.type == tlog_ref.TYPE_ED25519]
    ml = [k for k in keys if k.name == s.origin and k.type == tlog_ref.TYPE_MLDSA65]
    if not ed or not ml:
        fail("no log key of the statement's origin")
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(ed[0].public).verify(sig[:64], st)
        mldsa.MLDSA65PublicKey.from_public_bytes(ml[0].public).verify(
            sig[64:], st, context=b"rogatory-v1 evidence")
    except (InvalidSignature, ValueError):
        fail(f"the {s.type} at log index {s.log_index} is not validly signed by the log")


def verify(bundle: dict, pinned: list[str]) -> dict:
    if not isinstance(bundle, dict) or set(bundle) != MEMBERS or bundle["format"] != FORMAT:
        fail("not a rogatory-evidence/1 bundle")
    try:
        keys = [tlog_ref.VerifierKey.parse(k) for k in bundle["logKeys"]]
    except (tlog_ref.LogError, TypeError) as e:
        fail(f"bad log key: {e}")
    if not keys:
        fail("no log key")
    if pinned and {k.encode() for k in keys} != set(pinned):
        fail("the log keys are not the pinned ones")
    origin = keys[0].name
    try:
        cp = tlog_ref.verify_checkpoint(bundle["checkpoint"], origin, keys, [], 0)
    except tlog_ref.LogError as e:
        fail(f"the checkpoint does not verify: {e}")
    size, root = cp["size"], base64.b64decode(cp["root"])
    bundles = []
    for kb in bundle["keyBundles"]:
        try:
            bundles.append(rogatory_ref.decode_bundle(b64(kb)))
        except rogatory_ref.RogatoryError as e:
            fail(f"bad key bundle: {e}")
    items = bundle["statements"]
    if not isinstance(items, list) or not items:
        fail("no statements")
    out, receipts, seen = [], [], []
    first = None
    for pos, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != ITEM_MEMBERS:
            fail("a statement item has other members")
        st, sig = signed(b64(item["statement"]))
        s = Statement(st)
        if not s.hub:
            fail("a party's statement in the hub's place")
        verify_by_log(st, sig, s, keys)
        path = [b64(h) for h in item["inclusionPath"]]
        if any(len(h) != 32 for h in path) or s.log_index >= size or not tlog_ref.verify_inclusion(
                s.log_index, size, tlog_ref.leaf_hash(tlog_ref.event_leaf(s.log_index, s.event_hash)),
                path, root):
            fail(f"the {s.type} at log index {s.log_index} is not included in the checkpoint")
        if (pos == 0) != (s.type == "SUBMISSION_ACCEPTANCE"):
            fail("the submission acceptance must come first, and once")
        first = first or s
        if s.request_id != bundle["requestId"] or s.message_id != bundle["messageId"]:
            fail("a statement about another message")
        if s.envelope_digest != first.envelope_digest or s.envelope_size != first.envelope_size:
            fail("a statement about another envelope")
        if pos > 0 and s.actor not in first.recipients:
            fail(f"{s.actor} is not a recipient")
        if s.type in MISSED:
            if (s.seconds, s.nanos) <= (first.seconds, first.nanos):
                fail("a deadline not after the submission")
            if s.actor == first.actor:
                fail("the sender has no deadline")
            for e in seen:
                if e.actor == s.actor and (e.type in MISSED or (
                        e.log_index < s.log_index and (e.type == "RETRIEVAL" or (
                            e.type == "DELIVERY" and s.type == "NON_DELIVERY")))):
                    fail(f"the {s.type} of {s.actor} contradicts its {e.type}")
        elif s.type in ("RETRIEVAL", "DELIVERY"):
            for e in seen:
                if e.actor == s.actor and s.log_index < e.log_index and (
                        e.type == "NON_DELIVERY" or (e.type == "NON_RETRIEVAL" and s.type == "RETRIEVAL")):
                    fail(f"the {e.type} of {s.actor} contradicts its {s.type}")
        seen.append(s)
        if s.type == "RETRIEVAL":
            if item["receipt"] is None:
                fail("a retrieval without its receipt")
            raw = b64(item["receipt"])
            if hashlib.sha256(raw).digest() != s.receipt_digest:
                fail("the receipt is not the one the retrieval names")
            rst, rsig = signed(raw)
            r = Statement(rst)
            if (r.type != "RETRIEVAL_RECEIPT" or r.request_id != s.request_id
                    or r.message_id != s.message_id or r.actor != s.actor
                    or r.actor_key != s.actor_key or r.envelope_digest != first.envelope_digest
                    or r.envelope_size != first.envelope_size):
                fail("the receipt is about something else")
            signer = [b for b in bundles if b.fingerprint == r.actor_key and b.party == r.actor]
            millis = r.seconds * 1000 + r.nanos // 1_000_000
            if not signer or not signer[0].valid_at_millis(millis) or not rogatory_ref.hybrid_verify(
                    signer[0], "rogatory-v1 receipt", r.actor_key, rst, rsig):
                fail(f"the receipt of {r.actor} does not verify")
            receipts.append(r.actor)
        elif item["receipt"] is not None:
            fail("a receipt nobody names")
        out.append({"type": s.type, "logIndex": s.log_index, "actor": s.actor})
    if not any(b.fingerprint == first.actor_key and b.party == first.actor for b in bundles):
        fail("the sender's key bundle is missing")
    return {"verdict": "ok", "size": size, "statements": out, "receipts": receipts,
            "logKeys": sorted(k.encode() for k in keys)}


def verify_request(bundle: dict, pinned: list[str]) -> dict:
    """evidence.md section 6.1: every message's bundle on its own, of this request, once, in order."""
    if not isinstance(bundle, dict) or set(bundle) != REQUEST_MEMBERS \
            or bundle["format"] != REQUEST_FORMAT:
        fail("not a rogatory-request-evidence/1 bundle")
    messages = bundle["messages"]
    if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_MESSAGES:
        fail("the evidence of no message, or of too many")
    out, seen, first_keys, last_index = [], set(), None, -1
    for pos, m in enumerate(messages):
        name = m.get("messageId") if isinstance(m, dict) else None
        name = f"message {name}" if isinstance(name, str) else f"element {pos + 1}"
        if not isinstance(m, dict) or set(m) != MEMBERS or m["format"] != FORMAT:
            fail(f"the evidence of {name} is not a rogatory-evidence/1 bundle")
        if m["requestId"] != bundle["requestId"]:
            fail(f"the evidence of {name} is about another request")
        if m["messageId"] in seen:
            fail(f"{name} appears twice")
        seen.add(m["messageId"])
        try:
            v = verify(m, pinned)
        except EvidenceError as e:
            fail(f"in the evidence of {name}, {e}")
        if first_keys is None:
            first_keys = v["logKeys"]
        elif v["logKeys"] != first_keys:
            fail(f"the evidence of {name} is under other log keys")
        submitted = v["statements"][0]["logIndex"]
        if submitted <= last_index:
            fail(f"{name} is out of the log's order")
        last_index = submitted
        out.append({"messageId": m["messageId"], **v})
    return {"verdict": "ok", "requestId": bundle["requestId"], "messages": out}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("verify")
    v.add_argument("bundle")
    v.add_argument("--log-keys")
    args = p.parse_args()
    try:
        with open(args.bundle, "rb") as f:
            bundle = json.loads(f.read().decode("utf-8"))
        pinned = []
        if args.log_keys:
            with open(args.log_keys, encoding="ascii") as f:
                pinned = [line.strip() for line in f if line.strip()]
        request = isinstance(bundle, dict) and bundle.get("format") == REQUEST_FORMAT
        print(json.dumps((verify_request if request else verify)(bundle, pinned)))
        return 0
    except (EvidenceError, ValueError, KeyError, TypeError, struct.error) as e:
        print(f"evidence_ref: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
