#!/usr/bin/env python3
"""Rogatory protocol version 1: an independent reference implementation.

Written from docs/spec/ (conventions.md, key-bundle.md, envelope.md, key-file.md) alone, with
pyca/cryptography (OpenSSL) instead of Bouncy Castle, to show the specification is enough to
interoperate with the Java implementation. Standard library plus pyca/cryptography >= 48.

Library use:
    keys = generate_keys("court-a", not_before=..., not_after=...)
    bundle = keys.bundle                       # KeyBundle (decoded, self-signature verified)
    data = seal(keys, [bundle_b], b"payload", request_id="R-1", content_type="text/plain")
    header, payload = open_envelope(keys_b, [bundle], data)

Command line: run with --help.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import struct
import sys
import tempfile
import time
import unicodedata
import uuid
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Sequence

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa, mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# ---------------------------------------------------------------------------------------------
# Constants (conventions.md, key-bundle.md, envelope.md, key-file.md)
# ---------------------------------------------------------------------------------------------

ED25519_PK_LEN = 32
ED25519_SIG_LEN = 64
MLDSA65_PK_LEN = 1952
MLDSA65_SIG_LEN = 3309
XWING_PK_LEN = 1216
XWING_ENC_LEN = 1120
HYBRID_SIG_LEN = ED25519_SIG_LEN + MLDSA65_SIG_LEN  # 3,373
SEED_LEN = 32
FP_LEN = 32

CTX_KEY_BUNDLE = "rogatory-v1 key-bundle"
CTX_ENVELOPE = "rogatory-v1 envelope"
CTX_RECEIPT = "rogatory-v1 receipt"
HYBRID_LABEL = b"rogatory-v1 hybrid signature"

BUNDLE_MAGIC = b"RGKB"
BUNDLE_FORMAT = 1
BUNDLE_SUITE = 1
BUNDLE_MAX = 8192
MAX_EPOCH_SECONDS = 253402300799  # 9999-12-31T23:59:59Z

ENVELOPE_MAGIC = b"RGEV"
ENVELOPE_FORMAT = 1
ENVELOPE_SUITE = 1
HEADER_BODY_MAX = 1048576
MAX_CREATED_AT_MS = 253402300799999
SEGMENT_MIN = 4096
SEGMENT_MAX = 4194304
SEGMENT_64K = 65536
SEGMENT_1M = 1048576
RECIPIENTS_MAX = 1024
WRAPPED_KEY_LEN = XWING_ENC_LEN + 32 + 16  # 1,168
TAG_LEN = 16
INFO_WRAP_LABEL = b"rogatory-v1 content key"
PAYLOAD_KEY_INFO = b"rogatory-v1 payload key"
MAX_SEGMENT_INDEX = 2**32 - 1

KEYFILE_MAGIC = b"RGKF"
KEYFILE_FORMAT = 1
KEYFILE_KDF_ARGON2ID = 1
KEYFILE_HEADER_LEN = 43
KEYFILE_MAX = 16384
KEYFILE_PRESETS = {
    "ARGON2ID_64MIB": (65536, 3, 4),
    "ARGON2ID_19MIB": (19456, 2, 1),
}

SAFETY_LABEL = b"rogatory-v1 safety code"
SAFETY_ROUNDS = 5200

_PARTY_RE = re.compile(r"[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?")
_REQUEST_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}")
_CONTENT_TYPE_RE = re.compile(r"[\x21-\x7e][\x20-\x7e]{0,126}")
_CUSTOM_CTX_RE = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")

_HPKE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


class RogatoryError(Exception):
    """Any rejection: malformed input, failed verification, bad parameters."""


class EnvelopeOpenError(RogatoryError):
    """The single generic error every envelope-opening failure is reported as (envelope.md)."""

    def __init__(self) -> None:
        super().__init__("the envelope could not be opened")


class KeyFileError(RogatoryError):
    """A key file that cannot be decrypted: wrong passphrase and damage look the same."""

    def __init__(self) -> None:
        super().__init__("the key file could not be decrypted (wrong passphrase or damaged file)")


# ---------------------------------------------------------------------------------------------
# Encodings
# ---------------------------------------------------------------------------------------------


def u8(v: int) -> bytes:
    return struct.pack(">B", v)


def u16(v: int) -> bytes:
    return struct.pack(">H", v)


def u32(v: int) -> bytes:
    return struct.pack(">I", v)


def i64(v: int) -> bytes:
    return struct.pack(">q", v)


def str16(s: str) -> bytes:
    b = s.encode("utf-8")
    if len(b) > 0xFFFF:
        raise RogatoryError("a string is longer than 65,535 bytes")
    return u16(len(b)) + b


def bytes32(b: bytes) -> bytes:
    return u32(len(b)) + b


class Reader:
    """A bounds-checked cursor over a byte string."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self._pos = 0

    def raw(self, n: int) -> bytes:
        if n < 0 or self._pos + n > len(self._data):
            raise RogatoryError("the data ends too early")
        out = bytes(self._data[self._pos : self._pos + n])
        self._pos += n
        return out

    def u8(self) -> int:
        return self.raw(1)[0]

    def u16(self) -> int:
        return struct.unpack(">H", self.raw(2))[0]

    def u32(self) -> int:
        return struct.unpack(">I", self.raw(4))[0]

    def i64(self) -> int:
        return struct.unpack(">q", self.raw(8))[0]

    def str16(self) -> str:
        b = self.raw(self.u16())
        try:
            return b.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            raise RogatoryError("a string is not valid UTF-8") from e

    def bytes32(self) -> bytes:
        return self.raw(self.u32())

    @property
    def pos(self) -> int:
        return self._pos

    def end(self) -> None:
        if self._pos != len(self._data):
            raise RogatoryError("trailing bytes after the structure")


def check_party_id(s: str, what: str = "party id") -> str:
    if not isinstance(s, str) or not _PARTY_RE.fullmatch(s) or not s.isascii():
        raise RogatoryError(f"the {what} {s!r} is outside its syntax")
    return s


def check_request_id(s: str) -> str:
    if not isinstance(s, str) or not _REQUEST_RE.fullmatch(s) or not s.isascii():
        raise RogatoryError(f"the request id {s!r} is outside its syntax")
    return s


def check_content_type(s: str) -> str:
    if not isinstance(s, str) or not _CONTENT_TYPE_RE.fullmatch(s):
        raise RogatoryError(f"the content type {s!r} is outside its syntax")
    return s


def check_context(context: str) -> bytes:
    if context in (CTX_KEY_BUNDLE, CTX_ENVELOPE, CTX_RECEIPT):
        return context.encode("ascii")
    prefix = "rogatory-v1 custom:"
    if context.startswith(prefix) and _CUSTOM_CTX_RE.fullmatch(context[len(prefix) :]):
        return context.encode("ascii")
    raise RogatoryError(f"{context!r} is not a version 1 signature context")


def mlkem_modulus_ok(xwing_pk: bytes) -> bool:
    """FIPS 203 section 7.2 check on the ML-KEM-768 part of an X-Wing public key."""
    t = xwing_pk[:1152]
    for k in range(0, 1152, 3):
        b0, b1, b2 = t[k], t[k + 1], t[k + 2]
        if (b0 | (b1 & 0x0F) << 8) >= 3329 or (b1 >> 4 | b2 << 4) >= 3329:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Key bundle (key-bundle.md)
# ---------------------------------------------------------------------------------------------


def encode_bundle_body(
    party: str,
    device: str,
    key_version: int,
    not_before: int,
    not_after: int,
    ed25519_pk: bytes,
    mldsa65_pk: bytes,
    xwing_pk: bytes,
) -> bytes:
    return (
        BUNDLE_MAGIC
        + u8(BUNDLE_FORMAT)
        + u8(BUNDLE_SUITE)
        + str16(party)
        + str16(device)
        + u32(key_version)
        + i64(not_before)
        + i64(not_after)
        + ed25519_pk
        + mldsa65_pk
        + xwing_pk
    )


@dataclass(frozen=True)
class KeyBundle:
    party: str
    device: str
    key_version: int
    not_before: int
    not_after: int
    ed25519_pk: bytes
    mldsa65_pk: bytes
    xwing_pk: bytes
    body: bytes
    self_signature: bytes

    @property
    def fingerprint(self) -> bytes:
        return hashlib.sha256(self.body).digest()

    @property
    def encoded(self) -> bytes:
        return self.body + self.self_signature

    def valid_at_millis(self, t_ms: int) -> bool:
        return self.not_before * 1000 <= t_ms < self.not_after * 1000

    def xwing_public_key(self) -> hpke.MLKEM768X25519PublicKey:
        return hpke.MLKEM768X25519PublicKey(
            mlkem.MLKEM768PublicKey.from_public_bytes(self.xwing_pk[:1184]),
            x25519.X25519PublicKey.from_public_bytes(self.xwing_pk[1184:]),
        )


def decode_bundle(data: bytes) -> KeyBundle:
    """Decodes a key bundle and performs every check key-bundle.md says a decoder MUST do."""
    if len(data) > BUNDLE_MAX:
        raise RogatoryError("the key bundle is longer than 8,192 bytes")
    r = Reader(data)
    if r.raw(4) != BUNDLE_MAGIC:
        raise RogatoryError("not a key bundle (wrong magic)")
    if r.u8() != BUNDLE_FORMAT:
        raise RogatoryError("unsupported key bundle format")
    if r.u8() != BUNDLE_SUITE:
        raise RogatoryError("unsupported key bundle suite")
    party = check_party_id(r.str16())
    device = check_party_id(r.str16(), "device id")
    key_version = r.u32()
    not_before = r.i64()
    not_after = r.i64()
    if not_before < 0 or not_after <= not_before or not_after > MAX_EPOCH_SECONDS:
        raise RogatoryError("the key bundle's validity period is out of range")
    ed_pk = r.raw(ED25519_PK_LEN)
    ml_pk = r.raw(MLDSA65_PK_LEN)
    xw_pk = r.raw(XWING_PK_LEN)
    body = bytes(data[: r.pos])
    sig = r.raw(HYBRID_SIG_LEN)
    r.end()
    if not mlkem_modulus_ok(xw_pk):
        raise RogatoryError("the key bundle's X-Wing key fails the ML-KEM modulus check")
    bundle = KeyBundle(party, device, key_version, not_before, not_after, ed_pk, ml_pk, xw_pk, body, sig)
    if not hybrid_verify(bundle, CTX_KEY_BUNDLE, bundle.fingerprint, body, sig):
        raise RogatoryError("the key bundle's self-signature does not verify")
    return bundle


def safety_half(bundle: KeyBundle) -> str:
    fp = bundle.fingerprint
    h = SAFETY_LABEL + b"\x00" + str16(bundle.party) + fp
    for _ in range(SAFETY_ROUNDS):
        h = hashlib.sha512(h + fp).digest()
    return "".join(f"{int.from_bytes(h[5 * i : 5 * i + 5], 'big') % 100000:05d}" for i in range(6))


def safety_code(a: KeyBundle, b: KeyBundle) -> str:
    # ASSUMPTION (key-bundle.md is silent when both party ids are equal, e.g. two devices of one
    # party): order those by fingerprint, byte-wise, so the code does not depend on argument order.
    # Java's SafetyCode.between keeps its argument order in that case, so for equal party ids the
    # two implementations agree only up to the order of the halves.
    first, second = sorted((a, b), key=lambda k: (k.party.encode("utf-8"), k.fingerprint))
    digits = safety_half(first) + safety_half(second)
    return " ".join(digits[i : i + 5] for i in range(0, 60, 5))


# ---------------------------------------------------------------------------------------------
# Private keys and the hybrid signature (conventions.md)
# ---------------------------------------------------------------------------------------------


def xwing_private_key(seed: bytes) -> tuple[hpke.MLKEM768X25519PrivateKey, bytes]:
    """X-Wing key from its 32-byte seed (SHAKE256 expansion); returns (key, 1,216-byte pk)."""
    e = hashlib.shake_256(seed).digest(96)
    mk = mlkem.MLKEM768PrivateKey.from_seed_bytes(e[:64])
    xk = x25519.X25519PrivateKey.from_private_bytes(e[64:96])
    pk = mk.public_key().public_bytes_raw() + xk.public_key().public_bytes_raw()
    return hpke.MLKEM768X25519PrivateKey(mk, xk), pk


class PartyKeys:
    """A party's three private seeds with its signed key bundle."""

    def __init__(self, ed25519_seed: bytes, mldsa65_seed: bytes, xwing_seed: bytes, bundle: KeyBundle):
        for s in (ed25519_seed, mldsa65_seed, xwing_seed):
            if len(s) != SEED_LEN:
                raise RogatoryError("a private key seed is not 32 bytes")
        self.ed25519_seed = bytes(ed25519_seed)
        self.mldsa65_seed = bytes(mldsa65_seed)
        self.xwing_seed = bytes(xwing_seed)
        self._ed = ed25519.Ed25519PrivateKey.from_private_bytes(self.ed25519_seed)
        self._ml = mldsa.MLDSA65PrivateKey.from_seed_bytes(self.mldsa65_seed)
        self._xw, xw_pk = xwing_private_key(self.xwing_seed)
        if (
            self._ed.public_key().public_bytes_raw() != bundle.ed25519_pk
            or self._ml.public_key().public_bytes_raw() != bundle.mldsa65_pk
            or xw_pk != bundle.xwing_pk
        ):
            raise RogatoryError("the private keys do not match the key bundle's public keys")
        self.bundle = bundle

    def sign(self, context: str, fp: bytes, data: bytes) -> bytes:
        c = check_context(context)
        m = _hybrid_message(c, fp, data)
        return self._ed.sign(m) + self._ml.sign(m, context=c)

    def hpke_open(self, wrapped: bytes, info: bytes) -> bytes:
        return _HPKE.decrypt(wrapped, self._xw, info)


def _hybrid_message(c: bytes, fp: bytes, data: bytes) -> bytes:
    if len(c) > 255 or len(fp) != FP_LEN:
        raise RogatoryError("bad signature context or fingerprint")
    return HYBRID_LABEL + b"\x00" + u8(len(c)) + c + fp + data


def hybrid_verify(bundle: KeyBundle, context: str, fp: bytes, data: bytes, signature: bytes) -> bool:
    """True only if both the Ed25519 and the ML-DSA-65 signature verify."""
    if len(signature) != HYBRID_SIG_LEN:
        return False
    c = check_context(context)
    m = _hybrid_message(c, fp, data)
    ok_ed = ok_ml = False
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(bundle.ed25519_pk).verify(signature[:ED25519_SIG_LEN], m)
        ok_ed = True
    except (InvalidSignature, ValueError):
        pass
    try:
        mldsa.MLDSA65PublicKey.from_public_bytes(bundle.mldsa65_pk).verify(
            signature[ED25519_SIG_LEN:], m, context=c
        )
        ok_ml = True
    except (InvalidSignature, ValueError):
        pass
    return ok_ed and ok_ml


def keys_from_seeds(
    ed25519_seed: bytes,
    mldsa65_seed: bytes,
    xwing_seed: bytes,
    party: str,
    not_before: int,
    not_after: int,
    device: str = "primary",
    key_version: int = 1,
) -> PartyKeys:
    """Builds and self-signs a key bundle for the given seeds."""
    check_party_id(party)
    check_party_id(device, "device id")
    if not (0 <= not_before < not_after <= MAX_EPOCH_SECONDS):
        raise RogatoryError("the validity period is out of range")
    if not (0 <= key_version <= 0xFFFFFFFF):
        raise RogatoryError("the key version is out of range")
    ed = ed25519.Ed25519PrivateKey.from_private_bytes(ed25519_seed)
    ml = mldsa.MLDSA65PrivateKey.from_seed_bytes(mldsa65_seed)
    _, xw_pk = xwing_private_key(xwing_seed)
    body = encode_bundle_body(
        party,
        device,
        key_version,
        not_before,
        not_after,
        ed.public_key().public_bytes_raw(),
        ml.public_key().public_bytes_raw(),
        xw_pk,
    )
    fp = hashlib.sha256(body).digest()
    m = _hybrid_message(CTX_KEY_BUNDLE.encode("ascii"), fp, body)
    sig = ed.sign(m) + ml.sign(m, context=CTX_KEY_BUNDLE.encode("ascii"))
    bundle = decode_bundle(body + sig)
    return PartyKeys(ed25519_seed, mldsa65_seed, xwing_seed, bundle)


def generate_keys(
    party: str,
    not_before: int | None = None,
    not_after: int | None = None,
    device: str = "primary",
    key_version: int = 1,
) -> PartyKeys:
    """Fresh keys. ASSUMPTION (spec silent): default validity is now .. now + 2 years."""
    if not_before is None:
        not_before = int(time.time())
    if not_after is None:
        not_after = not_before + 2 * 365 * 86400
    return keys_from_seeds(
        os.urandom(32), os.urandom(32), os.urandom(32), party, not_before, not_after, device, key_version
    )


# ---------------------------------------------------------------------------------------------
# Envelope (envelope.md)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeHeader:
    message_id: bytes
    request_id: str
    sender: str
    sender_fp: bytes
    created_at: int
    content_type: str
    segment_size: int
    recipients: tuple[tuple[str, bytes], ...]
    encoded: bytes

    @property
    def digest(self) -> bytes:
        return hashlib.sha256(self.encoded).digest()

    @property
    def message_uuid(self) -> uuid.UUID:
        return uuid.UUID(bytes=self.message_id)


def _check_segment_size(n: int) -> None:
    if not (SEGMENT_MIN <= n <= SEGMENT_MAX) or n & (n - 1):
        raise RogatoryError("the segment size is not a power of two from 4,096 to 4,194,304")


def _check_recipients(recipients: Sequence[tuple[str, bytes]]) -> None:
    if not 1 <= len(recipients) <= RECIPIENTS_MAX:
        raise RogatoryError("an envelope has 1 to 1,024 recipients")
    seen = set()
    for party, fp in recipients:
        check_party_id(party)
        if len(fp) != FP_LEN:
            raise RogatoryError("a recipient fingerprint is not 32 bytes")
        if fp in seen:
            raise RogatoryError("the same recipient key appears twice")
        seen.add(fp)


def encode_header(
    message_id: bytes,
    request_id: str,
    sender: str,
    sender_fp: bytes,
    created_at: int,
    content_type: str,
    segment_size: int,
    recipients: Sequence[tuple[str, bytes]],
    check: bool = True,
) -> bytes:
    if check:
        check_request_id(request_id)
        check_party_id(sender)
        check_content_type(content_type)
        _check_segment_size(segment_size)
        _check_recipients(recipients)
        if len(message_id) != 16 or len(sender_fp) != FP_LEN:
            raise RogatoryError("bad message id or sender fingerprint length")
        if not 0 <= created_at <= MAX_CREATED_AT_MS:
            raise RogatoryError("created_at is out of range")
    body = (
        message_id
        + str16(request_id)
        + str16(sender)
        + sender_fp
        + i64(created_at)
        + str16(content_type)
        + u32(segment_size)
        + u16(len(recipients))
        + b"".join(str16(p) + fp for p, fp in recipients)
    )
    if len(body) > HEADER_BODY_MAX:
        raise RogatoryError("the header is longer than 1,048,576 bytes")
    return ENVELOPE_MAGIC + u8(ENVELOPE_FORMAT) + u8(ENVELOPE_SUITE) + u32(len(body)) + body


def _read_exact(inp: BinaryIO, n: int) -> bytes:
    """Reads n bytes, or fewer only at the end of the stream."""
    parts = []
    got = 0
    while got < n:
        chunk = inp.read(n - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_header(inp: BinaryIO) -> EnvelopeHeader:
    """Reads and validates an envelope header from a stream (envelope.md, Header)."""
    fixed = _read_exact(inp, 10)
    if len(fixed) != 10:
        raise RogatoryError("the envelope ends inside its header")
    if fixed[:4] != ENVELOPE_MAGIC:
        raise RogatoryError("not an envelope (wrong magic)")
    if fixed[4] != ENVELOPE_FORMAT or fixed[5] != ENVELOPE_SUITE:
        raise RogatoryError("unsupported envelope format or suite")
    body_len = struct.unpack(">I", fixed[6:10])[0]
    if body_len > HEADER_BODY_MAX:
        raise RogatoryError("the envelope header is too long")
    body = _read_exact(inp, body_len)
    if len(body) != body_len:
        raise RogatoryError("the envelope ends inside its header")
    r = Reader(body)
    message_id = r.raw(16)
    request_id = check_request_id(r.str16())
    sender = check_party_id(r.str16())
    sender_fp = r.raw(FP_LEN)
    created_at = r.i64()
    if not 0 <= created_at <= MAX_CREATED_AT_MS:
        raise RogatoryError("created_at is out of range")
    content_type = check_content_type(r.str16())
    segment_size = r.u32()
    _check_segment_size(segment_size)
    count = r.u16()
    recipients = tuple((check_party_id(r.str16()), r.raw(FP_LEN)) for _ in range(count))
    r.end()  # header_length must equal the encoded body
    _check_recipients(recipients)
    return EnvelopeHeader(
        message_id, request_id, sender, sender_fp, created_at, content_type, segment_size, recipients, fixed + body
    )


def _nonce(j: int, last: bool) -> bytes:
    return b"\x00" * 7 + u32(j) + (b"\x01" if last else b"\x00")


def _payload_key(ck: bytes, h: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=h, info=PAYLOAD_KEY_INFO).derive(ck)


def _as_stream(data: bytes | BinaryIO) -> BinaryIO:
    return io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data


def seal_to(
    sender: PartyKeys,
    recipients: Sequence[KeyBundle],
    payload: bytes | BinaryIO,
    out: BinaryIO,
    request_id: str,
    content_type: str,
    segment_size: int = SEGMENT_64K,
    created_at: int | None = None,
    message_id: bytes | None = None,
    _unchecked: bool = False,
) -> EnvelopeHeader:
    """Seals a payload (bytes or a readable stream) to recipients, streaming to `out`."""
    if created_at is None:
        created_at = int(time.time() * 1000)
    if message_id is None:
        message_id = uuid.uuid4().bytes
    check = not _unchecked  # only for making invalid test vectors
    if check and not sender.bundle.valid_at_millis(created_at):
        raise RogatoryError("the sender's key bundle is not valid at created_at")
    entries = [(b.party, b.fingerprint) for b in recipients]
    header_bytes = encode_header(
        message_id,
        request_id,
        sender.bundle.party,
        sender.bundle.fingerprint,
        created_at,
        content_type,
        segment_size,
        entries,
        check=check,
    )
    h = hashlib.sha256(header_bytes).digest()
    ck = os.urandom(32)
    out.write(header_bytes)
    info = INFO_WRAP_LABEL + h
    for b in recipients:
        wrapped = _HPKE.encrypt(ck, b.xwing_public_key(), info)
        if len(wrapped) != WRAPPED_KEY_LEN:
            raise RogatoryError("unexpected HPKE output length")
        out.write(wrapped)

    aes = AESGCM(_payload_key(ck, h))
    digest = hashlib.sha256()
    length = 0
    buf = bytearray()
    j = 0

    def emit(piece: bytes, last: bool) -> None:
        nonlocal j
        if j > MAX_SEGMENT_INDEX:
            raise RogatoryError("too many segments")
        out.write(aes.encrypt(_nonce(j, last), bytes(piece), None))
        j += 1

    src = _as_stream(payload)
    while True:
        chunk = src.read(max(segment_size, 65536))
        if not chunk:
            break
        digest.update(chunk)
        length += len(chunk)
        buf += chunk
        # A full piece before the end of the payload is never the last: the signature follows.
        while len(buf) >= segment_size:
            emit(buf[:segment_size], False)
            del buf[:segment_size]
    signed_data = h + digest.digest() + i64(length)
    buf += sender.sign(CTX_ENVELOPE, sender.bundle.fingerprint, signed_data)
    while len(buf) >= segment_size:
        emit(buf[:segment_size], False)
        del buf[:segment_size]
    emit(buf, True)  # strictly shorter than segment_size, possibly empty
    return EnvelopeHeader(
        message_id,
        request_id,
        sender.bundle.party,
        sender.bundle.fingerprint,
        created_at,
        content_type,
        segment_size,
        tuple(entries),
        header_bytes,
    )


def seal(
    sender: PartyKeys,
    recipients: Sequence[KeyBundle],
    payload: bytes,
    request_id: str,
    content_type: str,
    segment_size: int = SEGMENT_64K,
    created_at: int | None = None,
    message_id: bytes | None = None,
) -> bytes:
    out = io.BytesIO()
    seal_to(sender, recipients, payload, out, request_id, content_type, segment_size, created_at, message_id)
    return out.getvalue()


def open_to(me: PartyKeys, trusted: Iterable[KeyBundle], inp: BinaryIO, sink: BinaryIO) -> EnvelopeHeader:
    """Opens an envelope from a stream, writing the payload to `sink` as it is decrypted.

    The payload written to `sink` MUST NOT be presented to anyone unless this returns:
    the caller writes to a temporary place and publishes it only on success (see open_file).
    Every failure raises EnvelopeOpenError.
    """
    try:
        return _open_to(me, list(trusted), inp, sink)
    except EnvelopeOpenError:
        raise
    except Exception as e:  # every failure is reported the same way (envelope.md, Opening)
        raise EnvelopeOpenError() from e


def _open_to(me: PartyKeys, trusted: list[KeyBundle], inp: BinaryIO, sink: BinaryIO) -> EnvelopeHeader:
    header = read_header(inp)  # step 1
    h = header.digest
    my_fp = me.bundle.fingerprint
    mine = [i for i, (p, fp) in enumerate(header.recipients) if p == me.bundle.party and fp == my_fp]
    if not mine:  # step 2
        raise RogatoryError("not a recipient")
    wrapped = None
    for i in range(len(header.recipients)):
        w = _read_exact(inp, WRAPPED_KEY_LEN)
        if len(w) != WRAPPED_KEY_LEN:
            raise RogatoryError("the envelope ends among its wrapped keys")
        if i == mine[0]:
            wrapped = w
    sender = next(
        (s for s in trusted if s.party == header.sender and s.fingerprint == header.sender_fp), None
    )
    if sender is None or not sender.valid_at_millis(header.created_at):  # step 3
        raise RogatoryError("no trusted sender bundle valid at created_at")
    ck = me.hpke_open(wrapped, INFO_WRAP_LABEL + h)  # step 4
    if len(ck) != 32:
        raise RogatoryError("bad content key length")
    aes = AESGCM(_payload_key(ck, h))
    seg = header.segment_size
    held = bytearray()  # the last HYBRID_SIG_LEN bytes seen, possibly the signature
    digest = hashlib.sha256()
    length = 0
    j = 0
    while True:  # step 5
        if j > MAX_SEGMENT_INDEX:
            raise RogatoryError("too many segments")
        ct = _read_exact(inp, seg + TAG_LEN)
        last = len(ct) < seg + TAG_LEN
        if last and len(ct) < TAG_LEN:
            raise RogatoryError("the final segment is missing or shorter than a tag")
        held += aes.decrypt(_nonce(j, last), ct, None)
        if len(held) > HYBRID_SIG_LEN:
            release = bytes(held[: len(held) - HYBRID_SIG_LEN])
            del held[: len(held) - HYBRID_SIG_LEN]
            digest.update(release)
            length += len(release)
            sink.write(release)
        j += 1
        if last:
            break
    if len(held) != HYBRID_SIG_LEN:  # step 6
        raise RogatoryError("the plaintext is shorter than a signature")
    signed_data = h + digest.digest() + i64(length)
    if not hybrid_verify(sender, CTX_ENVELOPE, header.sender_fp, signed_data, bytes(held)):
        raise RogatoryError("the signature does not verify")
    return header


def open_envelope(me: PartyKeys, trusted: Iterable[KeyBundle], data: bytes) -> tuple[EnvelopeHeader, bytes]:
    """In-memory opening: returns (header, payload) or raises EnvelopeOpenError."""
    sink = io.BytesIO()
    header = open_to(me, trusted, io.BytesIO(data), sink)
    return header, sink.getvalue()


def open_file(me: PartyKeys, trusted: Iterable[KeyBundle], in_path: str, out_path: str) -> EnvelopeHeader:
    """Streams into a temporary file beside out_path, renamed into place only after step 6."""
    directory = os.path.dirname(os.path.abspath(out_path))
    fd, tmp = tempfile.mkstemp(prefix=".rogatory-open-", dir=directory)
    try:
        with os.fdopen(fd, "wb") as sink, open(in_path, "rb") as inp:
            header = open_to(me, trusted, inp, sink)
        os.replace(tmp, out_path)
        return header
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# ---------------------------------------------------------------------------------------------
# Key file (key-file.md)
# ---------------------------------------------------------------------------------------------


def _passphrase_bytes(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def encrypt_key_file(
    keys: PartyKeys,
    passphrase: str,
    memory_kib: int = 65536,
    iterations: int = 3,
    lanes: int = 4,
    salt: bytes | None = None,
    nonce: bytes | None = None,
) -> bytes:
    _check_kdf_params(memory_kib, iterations, lanes)
    salt = os.urandom(16) if salt is None else salt
    nonce = os.urandom(12) if nonce is None else nonce
    header = (
        KEYFILE_MAGIC
        + u8(KEYFILE_FORMAT)
        + u8(KEYFILE_KDF_ARGON2ID)
        + u32(memory_kib)
        + u32(iterations)
        + u8(lanes)
        + salt
        + nonce
    )
    assert len(header) == KEYFILE_HEADER_LEN
    secrets = keys.ed25519_seed + keys.mldsa65_seed + keys.xwing_seed + bytes32(keys.bundle.encoded)
    k = _argon2id(passphrase, salt, memory_kib, iterations, lanes)
    out = header + AESGCM(k).encrypt(nonce, secrets, header)
    if len(out) > KEYFILE_MAX:
        raise RogatoryError("the key file would be longer than 16,384 bytes")
    return out


def _check_kdf_params(memory_kib: int, iterations: int, lanes: int) -> None:
    if not (
        8192 <= memory_kib <= 1048576 and 1 <= iterations <= 16 and 1 <= lanes <= 16 and memory_kib >= 8 * lanes
    ):
        raise RogatoryError("the key file's Argon2id parameters are out of range")


def _argon2id(passphrase: str, salt: bytes, m: int, t: int, p: int) -> bytes:
    return Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m).derive(_passphrase_bytes(passphrase))


def decrypt_key_file(data: bytes, passphrase: str) -> PartyKeys:
    if len(data) > KEYFILE_MAX:
        raise RogatoryError("the key file is longer than 16,384 bytes")
    if len(data) < KEYFILE_HEADER_LEN + TAG_LEN:
        raise RogatoryError("the key file is too short")
    r = Reader(data[:KEYFILE_HEADER_LEN])
    if r.raw(4) != KEYFILE_MAGIC:
        raise RogatoryError("not a key file (wrong magic)")
    if r.u8() != KEYFILE_FORMAT or r.u8() != KEYFILE_KDF_ARGON2ID:
        raise RogatoryError("unsupported key file format or KDF")
    m, t, p = r.u32(), r.u32(), r.u8()
    _check_kdf_params(m, t, p)  # before running the KDF
    salt, nonce = r.raw(16), r.raw(12)
    header = bytes(data[:KEYFILE_HEADER_LEN])
    k = _argon2id(passphrase, salt, m, t, p)
    try:
        secrets = AESGCM(k).decrypt(nonce, bytes(data[KEYFILE_HEADER_LEN:]), header)
    except InvalidTag as e:
        raise KeyFileError() from e
    s = Reader(secrets)
    ed_seed, ml_seed, xw_seed = s.raw(32), s.raw(32), s.raw(32)
    bundle_bytes = s.bytes32()
    s.end()
    bundle = decode_bundle(bundle_bytes)  # verifies the self-signature
    return PartyKeys(ed_seed, ml_seed, xw_seed, bundle)  # checks the seeds reproduce the keys


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _read_passphrase(path: str) -> str:
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    # CLI convenience (not protocol): one trailing line break is not part of the passphrase.
    if text.endswith("\r\n"):
        text = text[:-2]
    elif text.endswith("\n"):
        text = text[:-1]
    return text


def _read_bundle(path: str) -> KeyBundle:
    with open(path, "rb") as f:
        return decode_bundle(f.read())


def _load_keys(directory: str, passphrase_file: str) -> PartyKeys:
    with open(os.path.join(directory, "private.key"), "rb") as f:
        return decrypt_key_file(f.read(), _read_passphrase(passphrase_file))


def _write_private(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _bundle_json(b: KeyBundle) -> dict:
    return {
        "party": b.party,
        "device": b.device,
        "key_version": b.key_version,
        "not_before": b.not_before,
        "not_after": b.not_after,
        "fingerprint": b.fingerprint.hex(),
    }


def _cmd_keygen(a: argparse.Namespace) -> None:
    keys = generate_keys(a.party, a.not_before, a.not_after, a.device, a.key_version)
    m, t, p = KEYFILE_PRESETS[a.preset]
    os.makedirs(a.out, exist_ok=True)
    _write_private(os.path.join(a.out, "private.key"), encrypt_key_file(keys, _read_passphrase(a.passphrase_file), m, t, p))
    with open(os.path.join(a.out, "public.bundle"), "wb") as f:
        f.write(keys.bundle.encoded)
    print(keys.bundle.fingerprint.hex())


def _cmd_keyinfo(a: argparse.Namespace) -> None:
    keys = _load_keys(a.key, a.passphrase_file)
    print(json.dumps(_bundle_json(keys.bundle)))


def _cmd_seal(a: argparse.Namespace) -> None:
    keys = _load_keys(a.key, a.passphrase_file)
    recipients = [_read_bundle(p) for p in a.to]
    tmp = a.out + ".part"
    try:
        with open(a.inp, "rb") as src, open(tmp, "wb") as out:
            seal_to(keys, recipients, src, out, a.request_id, a.content_type, a.segment_size, a.created_at)
        os.replace(tmp, a.out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _cmd_open(a: argparse.Namespace) -> None:
    keys = _load_keys(a.key, a.passphrase_file)
    senders = [_read_bundle(p) for p in a.sender]
    h = open_file(keys, senders, a.inp, a.out)
    print(
        json.dumps(
            {
                "message_id": str(h.message_uuid),
                "request_id": h.request_id,
                "sender": h.sender,
                "sender_fp": h.sender_fp.hex(),
                "created_at": h.created_at,
                "content_type": h.content_type,
                "segment_size": h.segment_size,
                "recipients": [{"party": p, "key_fp": fp.hex()} for p, fp in h.recipients],
            }
        )
    )


def _cmd_fingerprint(a: argparse.Namespace) -> None:
    print(_read_bundle(a.bundle).fingerprint.hex())


def _cmd_inspect(a: argparse.Namespace) -> None:
    print(json.dumps(_bundle_json(_read_bundle(a.bundle))))


def _cmd_safety_code(a: argparse.Namespace) -> None:
    print(safety_code(_read_bundle(a.first), _read_bundle(a.second)))


def _cmd_vectors(a: argparse.Namespace) -> None:
    from_vectors = _make_vectors()
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(from_vectors, f, indent=2, ensure_ascii=True)
        f.write("\n")


def _cmd_check_vectors(a: argparse.Namespace) -> None:
    with open(a.file, "r", encoding="utf-8") as f:
        n = _check_vectors(json.load(f))
    print(f"{n} passed, 0 failed")


# ---------------------------------------------------------------------------------------------
# Rogatory's own test vectors (docs/spec/vectors.md)
# ---------------------------------------------------------------------------------------------

_V_NOT_BEFORE = 1735689600  # 2025-01-01T00:00:00Z
_V_NOT_AFTER = MAX_EPOCH_SECONDS  # the latest allowed
_V_KEY_SETS = [("alpha-court", "primary"), ("beta.ministry", "primary"), ("alpha-court", "archive")]


def _v_seed(party: str, device: str, what: str) -> bytes:
    return hashlib.sha256(f"rogatory-v1 test vector seed {party}/{device}/{what}".encode("ascii")).digest()


def _v_payload(label: str, n: int) -> bytes:
    return hashlib.shake_256(f"rogatory-v1 test vector payload {label}".encode("ascii")).digest(n) if n else b""


def _make_vectors() -> dict:
    keys = []
    for party, device in _V_KEY_SETS:
        keys.append(
            keys_from_seeds(
                _v_seed(party, device, "ed25519"),
                _v_seed(party, device, "mldsa65"),
                _v_seed(party, device, "xwing"),
                party,
                _V_NOT_BEFORE,
                _V_NOT_AFTER,
                device,
            )
        )
    alpha, beta, archive = keys
    # Passphrases: the second is written decomposed (NFD); the key is derived from its NFC form.
    passphrases = ["correct horse battery staple", "Gu\u0308ltigkeit e\u0301te\u0301 \u2014 \u00f8re"]
    kdf = [(19456, 2, 1), (8192, 1, 1), (8192, 1, 2)]
    key_sets = []
    for i, k in enumerate(keys):
        pw = passphrases[i % 2]
        m, t, p = kdf[i]
        kf = encrypt_key_file(k, pw, m, t, p)
        assert decrypt_key_file(kf, unicodedata.normalize("NFD", pw)).bundle == k.bundle
        key_sets.append(
            {
                "name": f"{k.bundle.party}/{k.bundle.device}",
                "party": k.bundle.party,
                "device": k.bundle.device,
                "key_version": k.bundle.key_version,
                "not_before": k.bundle.not_before,
                "not_after": k.bundle.not_after,
                "ed25519_seed": k.ed25519_seed.hex(),
                "mldsa65_seed": k.mldsa65_seed.hex(),
                "xwing_seed": k.xwing_seed.hex(),
                "ed25519_pk": k.bundle.ed25519_pk.hex(),
                "mldsa65_pk": k.bundle.mldsa65_pk.hex(),
                "xwing_pk": k.bundle.xwing_pk.hex(),
                "bundle": k.bundle.encoded.hex(),
                "fingerprint": k.bundle.fingerprint.hex(),
                "key_file": {
                    "passphrase": pw,
                    "memory_kib": m,
                    "iterations": t,
                    "lanes": p,
                    "hex": kf.hex(),
                },
            }
        )

    def name(k: PartyKeys) -> str:
        return f"{k.bundle.party}/{k.bundle.device}"

    t0 = _V_NOT_BEFORE * 1000
    specs = [
        # (id, description, sender, recipients, payload label, length, segment, created_at, content type)
        ("one-recipient", "one recipient, one segment", alpha, [beta], "one", 1000, SEGMENT_64K,
         t0 + 86400000 * 300 + 12345, "text/plain; charset=utf-8"),
        ("multi-recipient", "three recipients incl. the sender's own devices; the signature spans segments 2 and 3",
         alpha, [beta, archive, alpha], "multi", 10000, 4096, t0 + 86400000 * 301, "application/pdf"),
        ("exact-multiple", "|P| = 3 * 4096: three full segments and a final segment that is the tag alone",
         beta, [alpha], "exact", 3 * 4096 - HYBRID_SIG_LEN, 4096, t0 + 86400000 * 302, "application/octet-stream"),
        ("empty-payload", "empty payload, created_at exactly at the sender's not_before",
         beta, [alpha, archive], "empty", 0, SEGMENT_1M, t0, "application/x.rogatory-ack+json"),
        ("signature-only-segment", "payload of segment_size - 1 bytes: segment 0 ends with the first signature byte, "
         "the final segment holds signature bytes only",
         archive, [beta], "sig-split", 4095, 4096, t0 + 86400000 * 303, "text/csv"),
    ]
    envelopes = []
    by_id = {}
    for i, (vid, desc, sender, rcpts, label, n, seg, created, ctype) in enumerate(specs):
        payload = _v_payload(label, n)
        mid = uuid.UUID(bytes=hashlib.sha256(f"rogatory-v1 test vector message {vid}".encode()).digest()[:16], version=4)
        env = seal(sender, [r.bundle for r in rcpts], payload, f"REQ-2025/{i + 1:04d}:{vid}", ctype, seg, created, mid.bytes)
        by_id[vid] = (env, sender, rcpts)
        for r in rcpts:
            assert open_envelope(r, [sender.bundle], env)[1] == payload
        envelopes.append(
            {
                "id": vid,
                "description": desc,
                "sender": name(sender),
                "recipients": [name(r) for r in rcpts],
                "message_id": str(mid),
                "request_id": f"REQ-2025/{i + 1:04d}:{vid}",
                "created_at": created,
                "content_type": ctype,
                "segment_size": seg,
                "payload_length": n,
                "payload": payload.hex(),
                "envelope": env.hex(),
            }
        )

    # Envelopes that MUST NOT open.
    bad = []
    env, sender, rcpts = by_id["exact-multiple"]
    bad.append(
        {
            "id": "truncated-at-segment-boundary",
            "description": "exact-multiple without its final (tag-only) segment",
            "sender": name(sender),
            "recipient": name(rcpts[0]),
            "envelope": env[:-TAG_LEN].hex(),
        }
    )
    env, sender, rcpts = by_id["one-recipient"]
    flipped = bytearray(env)
    flipped[-1] ^= 0x01
    bad.append(
        {
            "id": "flipped-tag-bit",
            "description": "one-recipient with the last bit of the final tag flipped",
            "sender": name(sender),
            "recipient": name(rcpts[0]),
            "envelope": bytes(flipped).hex(),
        }
    )
    bad.append(
        {
            "id": "trailing-byte",
            "description": "one-recipient with one byte appended",
            "sender": name(sender),
            "recipient": name(rcpts[0]),
            "envelope": (env + b"\x00").hex(),
        }
    )
    bad.append(
        {
            "id": "not-a-recipient",
            "description": "one-recipient opened by its sender, who is not a recipient",
            "sender": name(sender),
            "recipient": name(alpha),
            "envelope": env.hex(),
        }
    )
    bad.append(_sealed_unchecked("before-sender-validity",
                                 "created_at is one millisecond before the sender bundle's not_before",
                                 alpha, beta, t0 - 1, [beta.bundle], name))
    bad.append(_sealed_unchecked("duplicate-recipient",
                                 "the same recipient key listed twice in the header (otherwise correctly sealed)",
                                 alpha, beta, t0 + 1000, [beta.bundle, beta.bundle], name))

    a_b = safety_code(alpha.bundle, beta.bundle)
    assert a_b == safety_code(beta.bundle, alpha.bundle)
    for b in bad:
        sender = next(k for k in keys if name(k) == b["sender"])
        rcpt = next(k for k in keys if name(k) == b["recipient"])
        try:
            open_envelope(rcpt, [sender.bundle], bytes.fromhex(b["envelope"]))
            raise AssertionError(f"bad vector {b['id']} opened")
        except EnvelopeOpenError:
            pass
    return {
        "description": "Rogatory protocol version 1 test vectors; see docs/spec/vectors.md",
        "generator": "crypto/src/test/python/rogatory_ref.py vectors",
        "key_sets": key_sets,
        "safety_codes": [
            {"first": name(alpha), "second": name(beta), "code": a_b},
            {"first": name(beta), "second": name(archive), "code": safety_code(beta.bundle, archive.bundle)},
        ],
        "envelopes": envelopes,
        "invalid_envelopes": bad,
    }


def _sealed_unchecked(vid: str, desc: str, sender: PartyKeys, rcpt: PartyKeys, created_at: int,
                      recipients: list[KeyBundle], name) -> dict:
    """Seals without the sealer's own checks, to make envelopes an opener MUST reject."""
    out = io.BytesIO()
    seal_to(sender, recipients, f"{vid} must not open".encode("ascii"), out, f"REQ-{vid}", "text/plain", 4096,
            created_at, None, _unchecked=True)
    return {"id": vid, "description": desc, "sender": name(sender), "recipient": name(rcpt),
            "envelope": out.getvalue().hex()}


def _check_vectors(v: dict) -> int:
    """Checks a vector file the way vectors.md says; returns the number of checks passed."""
    n = 0
    keys = {}
    for ks in v["key_sets"]:
        bundle = decode_bundle(bytes.fromhex(ks["bundle"]))
        assert bundle.fingerprint.hex() == ks["fingerprint"], ks["name"]
        rebuilt = keys_from_seeds(
            bytes.fromhex(ks["ed25519_seed"]), bytes.fromhex(ks["mldsa65_seed"]), bytes.fromhex(ks["xwing_seed"]),
            ks["party"], ks["not_before"], ks["not_after"], ks["device"], ks["key_version"],
        )
        assert rebuilt.bundle.fingerprint == bundle.fingerprint, ks["name"]
        kf = decrypt_key_file(bytes.fromhex(ks["key_file"]["hex"]), ks["key_file"]["passphrase"])
        assert kf.bundle.encoded == bundle.encoded, ks["name"]
        keys[ks["name"]] = kf
        n += 3
    for sc in v["safety_codes"]:
        assert safety_code(keys[sc["first"]].bundle, keys[sc["second"]].bundle) == sc["code"]
        assert safety_code(keys[sc["second"]].bundle, keys[sc["first"]].bundle) == sc["code"]
        n += 1
    for e in v["envelopes"]:
        data = bytes.fromhex(e["envelope"])
        sender = keys[e["sender"]].bundle
        for r in e["recipients"]:
            h, payload = open_envelope(keys[r], [sender], data)
            assert payload.hex() == e["payload"], e["id"]
            assert str(h.message_uuid) == e["message_id"] and h.request_id == e["request_id"], e["id"]
            assert h.created_at == e["created_at"] and h.content_type == e["content_type"], e["id"]
            assert h.segment_size == e["segment_size"] and h.sender == sender.party, e["id"]
            assert [fp for _, fp in h.recipients] == [keys[x].bundle.fingerprint for x in e["recipients"]]
            n += 1
    for b in v["invalid_envelopes"]:
        try:
            open_envelope(keys[b["recipient"]], [keys[b["sender"]].bundle], bytes.fromhex(b["envelope"]))
        except EnvelopeOpenError:
            n += 1
            continue
        raise AssertionError(f"invalid vector {b['id']} opened")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="rogatory_ref.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    k = sub.add_parser("keygen", help="generate keys: DIR/private.key and DIR/public.bundle")
    k.add_argument("--party", required=True)
    k.add_argument("--device", default="primary")
    k.add_argument("--key-version", type=int, default=1)
    k.add_argument("--not-before", type=int, help="seconds since the epoch (default: now)")
    k.add_argument("--not-after", type=int, help="seconds since the epoch (default: not-before + 2 years)")
    k.add_argument("--passphrase-file", required=True)
    k.add_argument("--preset", choices=sorted(KEYFILE_PRESETS), default="ARGON2ID_64MIB")
    k.add_argument("--out", required=True)
    k.set_defaults(func=_cmd_keygen)

    k = sub.add_parser("keyinfo", help="decrypt DIR/private.key and print its bundle as JSON")
    k.add_argument("--key", required=True)
    k.add_argument("--passphrase-file", required=True)
    k.set_defaults(func=_cmd_keyinfo)

    s = sub.add_parser("seal", help="seal a file to one or more recipients")
    s.add_argument("--key", required=True)
    s.add_argument("--passphrase-file", required=True)
    s.add_argument("--to", action="append", required=True)
    s.add_argument("--in", dest="inp", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--request-id", required=True)
    s.add_argument("--content-type", required=True)
    s.add_argument("--segment-size", type=int, default=SEGMENT_64K)
    s.add_argument("--created-at", type=int, help="milliseconds since the epoch (default: now)")
    s.set_defaults(func=_cmd_seal)

    o = sub.add_parser("open", help="open an envelope; prints the header as JSON")
    o.add_argument("--key", required=True)
    o.add_argument("--passphrase-file", required=True)
    o.add_argument("--sender", action="append", required=True)
    o.add_argument("--in", dest="inp", required=True)
    o.add_argument("--out", required=True)
    o.set_defaults(func=_cmd_open)

    f = sub.add_parser("fingerprint", help="decode and verify a bundle; print its fingerprint (hex)")
    f.add_argument("bundle")
    f.set_defaults(func=_cmd_fingerprint)

    f = sub.add_parser("inspect", help="decode and verify a bundle; print its fields as JSON")
    f.add_argument("bundle")
    f.set_defaults(func=_cmd_inspect)

    c = sub.add_parser("safety-code", help="the 60-digit safety code of two bundles")
    c.add_argument("first")
    c.add_argument("second")
    c.set_defaults(func=_cmd_safety_code)

    v = sub.add_parser("vectors", help="generate a fresh test vector file")
    v.add_argument("--out", required=True)
    v.set_defaults(func=_cmd_vectors)

    v = sub.add_parser("check-vectors", help="check a test vector file")
    v.add_argument("file")
    v.set_defaults(func=_cmd_check_vectors)

    a = p.parse_args(argv)
    try:
        a.func(a)
    except (RogatoryError, OSError, ValueError, UnicodeDecodeError, AssertionError) as e:
        msg = str(e) or type(e).__name__
        print(f"rogatory_ref.py {a.cmd}: {msg.rstrip('.')}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
