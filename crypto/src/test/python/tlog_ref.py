#!/usr/bin/env python3
"""Rogatory's transparency log: an independent reference implementation.

Written from docs/spec/transparency-log.md, RFC 9162 section 2.1 and the C2SP signed-note,
tlog-checkpoint and tlog-cosignature specifications, with hashlib and pyca/cryptography
(OpenSSL) instead of the Java code and Bouncy Castle. Tree hashes, roots and proofs follow the
recursive definitions of RFC 9162 literally (MTH, PATH, PROOF/SUBPROOF over lists of leaves);
the Java implementation builds them from stored subtrees instead, so agreement between the two is
evidence, not tautology.

Command line (JSON on standard output, errors on standard error with exit status 1):
    merkle --max N                  roots and every inclusion and consistency proof, sizes 1..N
    verify-merkle FILE              verdicts (true/false) for a list of proofs to check
    check-vectors DIR               the public vectors (RFC 6962 tree, Go signed note) in DIR
    event-leaves --count N          leaf hashes of events 0..N-1 with chain hash SHA-256("chain n")
    vkey --name N --type T --seed H verifier key (T: ed25519, cosignature, mldsa65)
    sign-checkpoint --origin O --size S --root B64 --ed25519-seed H --mldsa65-seed H
    cosign --note FILE --name N --seed H --time T
    verify-checkpoint --note FILE --origin O --log-key VKEY... [--witness VKEY... --quorum Q]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import struct
import sys
import unicodedata

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa


class LogError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# RFC 9162 section 2.1: hashing and proofs, straight from the recursive definitions
# ---------------------------------------------------------------------------------------------


def sha256(*parts: bytes) -> bytes:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.digest()


def leaf_hash(entry: bytes) -> bytes:
    return sha256(b"\x00", entry)


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01", left, right)


def split_point(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    """MTH(D[n]) over leaf hashes."""
    n = len(leaves)
    if n == 0:
        return sha256()
    if n == 1:
        return leaves[0]
    k = split_point(n)
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]), section 2.1.3.1."""
    n = len(leaves)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b), section 2.1.4.1."""
    n = len(leaves)
    if m == n:
        return [] if whole else [mth(leaves)]
    k = split_point(n)
    if m <= k:
        return subproof(m, leaves[:k], whole) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def consistency_proof(m: int, leaves: list[bytes]) -> list[bytes]:
    if m == 0 or m == len(leaves):
        return []
    return subproof(m, leaves, True)


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """Section 2.1.3.2."""
    if index < 0 or size <= 0 or index >= size or len(proof) > 63:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, proof: list[bytes], first_hash: bytes,
                       second_hash: bytes) -> bool:
    """Section 2.1.4.2, with the two cases the RFC leaves out decided as transparency-log.md says."""
    if first < 0 or second < first or len(proof) > 64:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof and first_hash == sha256()
    if not proof:
        return False
    c = list(proof)
    if first & (first - 1) == 0:
        c.insert(0, first_hash)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = c[0]
    for v in c[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(v, fr)
            sr = node_hash(v, sr)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, v)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def test_leaf(i: int) -> bytes:
    return leaf_hash(f"leaf {i}".encode("ascii"))


def event_leaf(sequence: int, chain_hash: bytes) -> bytes:
    """transparency-log.md: the leaf data of an event."""
    if sequence < 0 or len(chain_hash) != 32:
        raise LogError("bad event leaf")
    return b"rogatory-v1 event-leaf\x00" + struct.pack(">Q", sequence) + chain_hash


# ---------------------------------------------------------------------------------------------
# C2SP signed-note, tlog-checkpoint, tlog-cosignature, and Rogatory's ML-DSA-65 extension
# ---------------------------------------------------------------------------------------------

TYPE_ED25519 = b"\x01"
TYPE_COSIGNATURE = b"\x04"
TYPE_MLDSA65 = b"\xff" + b"rogatory-v1 ml-dsa-65"
MLDSA_CONTEXT = b"rogatory-v1 checkpoint"
TYPES = {"ed25519": TYPE_ED25519, "cosignature": TYPE_COSIGNATURE, "mldsa65": TYPE_MLDSA65}
PUBLIC_LENGTHS = {TYPE_ED25519: 32, TYPE_COSIGNATURE: 32, TYPE_MLDSA65: 1952}
MAX_SIGNATURES = 100
DASH = "\u2014 "


def valid_key_name(name: str) -> bool:
    if not name or "+" in name:
        return False
    for ch in name:
        if ord(ch) < 0x20 or ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp"):
            return False
    return True


def key_id(name: str, sig_type: bytes, public: bytes) -> bytes:
    return sha256(name.encode("utf-8"), b"\n", sig_type, public)[:4]


def b64decode_strict(s: str) -> bytes:
    if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", s) or len(s) % 4:
        raise LogError("not base64")
    raw = base64.b64decode(s, validate=True)
    if base64.b64encode(raw).decode("ascii") != s:
        raise LogError("not canonical base64")
    return raw


class VerifierKey:
    def __init__(self, name: str, sig_type: bytes, public: bytes):
        if not valid_key_name(name) or PUBLIC_LENGTHS.get(sig_type) != len(public):
            raise LogError("bad verifier key")
        self.name, self.type, self.public = name, sig_type, public
        self.id = key_id(name, sig_type, public)

    @staticmethod
    def parse(vkey: str) -> "VerifierKey":
        parts = vkey.split("+", 2)
        if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
            raise LogError("bad verifier key")
        material = b64decode_strict(parts[2])
        for t in (TYPE_ED25519, TYPE_COSIGNATURE, TYPE_MLDSA65):
            if material.startswith(t) and len(material) == len(t) + PUBLIC_LENGTHS[t]:
                k = VerifierKey(parts[0], t, material[len(t):])
                if k.id.hex() != parts[1]:
                    raise LogError("verifier key ID mismatch")
                return k
        raise LogError("unknown verifier key type")

    def encode(self) -> str:
        return f"{self.name}+{self.id.hex()}+{base64.b64encode(self.type + self.public).decode()}"

    def verify(self, text: str, sig: bytes) -> bool:
        msg = text.encode("utf-8")
        try:
            if self.type == TYPE_ED25519:
                ed25519.Ed25519PublicKey.from_public_bytes(self.public).verify(sig, msg)
            elif self.type == TYPE_MLDSA65:
                mldsa.MLDSA65PublicKey.from_public_bytes(self.public).verify(
                    sig, msg, context=MLDSA_CONTEXT)
            else:
                if len(sig) != 72:
                    return False
                (t,) = struct.unpack(">Q", sig[:8])
                if t >= 2**63:
                    return False
                signed = f"cosignature/v1\ntime {t}\n".encode("ascii") + msg
                ed25519.Ed25519PublicKey.from_public_bytes(self.public).verify(sig[8:], signed)
            return True
        except (InvalidSignature, ValueError):
            return False


def parse_note(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """signed-note: returns the text and (name, key ID, signature) per signature line."""
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise LogError("control character in note")
    if not note.endswith("\n"):
        raise LogError("note does not end with a newline")
    sep = note.rfind("\n\n")
    if sep < 0:
        raise LogError("no blank line in note")
    text, block = note[: sep + 1], note[sep + 2:]
    lines = block.split("\n")[:-1]
    if not lines or len(lines) > MAX_SIGNATURES:
        raise LogError("wrong number of signatures")
    sigs = []
    for line in lines:
        if not line.startswith(DASH):
            raise LogError("bad signature line")
        name, _, b64 = line[len(DASH):].partition(" ")
        if not valid_key_name(name):
            raise LogError("bad key name")
        raw = b64decode_strict(b64)
        if len(raw) < 5:
            raise LogError("short signature")
        sigs.append((name, raw[:4], raw[4:]))
    return text, sigs


def parse_checkpoint(text: str) -> tuple[str, int, bytes, list[str]]:
    """tlog-checkpoint: origin, size, root, extension lines."""
    if not text.endswith("\n"):
        raise LogError("checkpoint does not end with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3 or any(not l for l in lines):
        raise LogError("checkpoint has too few or empty lines")
    if not re.fullmatch(r"0|[1-9][0-9]*", lines[1]) or int(lines[1]) >= 2**63:
        raise LogError("bad tree size")
    root = b64decode_strict(lines[2])
    if len(root) != 32:
        raise LogError("bad root hash")
    return lines[0], int(lines[1]), root, lines[3:]


def verify_checkpoint(note: str, origin: str, log_keys: list[VerifierKey],
                      witnesses: list[VerifierKey], quorum: int) -> dict:
    text, sigs = parse_note(note)
    known = log_keys + witnesses
    verified = set()
    for name, kid, sig in sigs:
        for k in known:
            if k.name == name and k.id == kid:
                if not k.verify(text, sig):
                    raise LogError(f"signature of {k.name}+{k.id.hex()} does not verify")
                verified.add(k.encode())
    for k in log_keys:
        if k.encode() not in verified:
            raise LogError(f"not signed by {k.name}+{k.id.hex()}")
    if sum(1 for w in witnesses if w.encode() in verified) < quorum:
        raise LogError("too few cosignatures")
    o, size, root, ext = parse_checkpoint(text)
    if o != origin:
        raise LogError("checkpoint of another log")
    return {"origin": o, "size": size, "root": base64.b64encode(root).decode(), "extensions": ext}


def public_key(sig_type: bytes, seed: bytes) -> bytes:
    if sig_type == TYPE_MLDSA65:
        return mldsa.MLDSA65PrivateKey.from_seed_bytes(seed).public_key().public_bytes_raw()
    return ed25519.Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


def signature_line(name: str, kid: bytes, sig: bytes) -> str:
    return f"{DASH}{name} {base64.b64encode(kid + sig).decode()}\n"


def sign_checkpoint(origin: str, size: int, root: bytes, ed_seed: bytes, ml_seed: bytes) -> str:
    text = f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"
    msg = text.encode("utf-8")
    ed = ed25519.Ed25519PrivateKey.from_private_bytes(ed_seed)
    ml = mldsa.MLDSA65PrivateKey.from_seed_bytes(ml_seed)
    return (text + "\n"
            + signature_line(origin, key_id(origin, TYPE_ED25519, public_key(TYPE_ED25519, ed_seed)),
                             ed.sign(msg))
            + signature_line(origin, key_id(origin, TYPE_MLDSA65, public_key(TYPE_MLDSA65, ml_seed)),
                             ml.sign(msg, context=MLDSA_CONTEXT)))


def cosign(text: str, name: str, seed: bytes, t: int) -> str:
    signed = f"cosignature/v1\ntime {t}\n".encode("ascii") + text.encode("utf-8")
    sig = ed25519.Ed25519PrivateKey.from_private_bytes(seed).sign(signed)
    kid = key_id(name, TYPE_COSIGNATURE, public_key(TYPE_COSIGNATURE, seed))
    return signature_line(name, kid, struct.pack(">Q", t) + sig)


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def cmd_merkle(args) -> object:
    leaves = [test_leaf(i) for i in range(args.max)]
    out = {"leaves": [h.hex() for h in leaves], "roots": [], "inclusion": {}, "consistency": {}}
    for n in range(0, args.max + 1):
        out["roots"].append(mth(leaves[:n]).hex())
        for m in range(n):
            out["inclusion"][f"{m},{n}"] = [h.hex() for h in path(m, leaves[:n])]
        for m in range(n + 1):
            out["consistency"][f"{m},{n}"] = [h.hex() for h in consistency_proof(m, leaves[:n])]
    return out


def cmd_verify_merkle(args) -> object:
    with open(args.file, encoding="utf-8") as f:
        cases = json.load(f)
    verdicts = []
    for c in cases:
        proof = [bytes.fromhex(h) for h in c["path"]]
        if c["kind"] == "inclusion":
            verdicts.append(verify_inclusion(c["index"], c["size"], bytes.fromhex(c["leaf"]), proof,
                                             bytes.fromhex(c["root"])))
        else:
            verdicts.append(verify_consistency(c["from"], c["to"], proof, bytes.fromhex(c["from_root"]),
                                               bytes.fromhex(c["to_root"])))
    return verdicts


def cmd_event_leaves(args) -> object:
    return [leaf_hash(event_leaf(n, sha256(f"chain {n}".encode("ascii")))).hex()
            for n in range(args.count)]


def cmd_check_vectors(args) -> object:
    """The public vectors: RFC 6962 reference tree and the Go signed-note example."""
    import os
    with open(os.path.join(args.dir, "rfc6962-merkle.json"), encoding="utf-8") as f:
        v = json.load(f)
    leaves = [leaf_hash(bytes.fromhex(x)) for x in v["leaves"]]
    checked = 0
    if mth([]).hex() != v["empty_root"]:
        raise LogError("empty root differs")
    for n, root in enumerate(v["roots"], start=1):
        if mth(leaves[:n]).hex() != root:
            raise LogError(f"root of size {n} differs")
        checked += 1
    for c in v["inclusion"]:
        want = [bytes.fromhex(h) for h in c["path"]]
        i, n = c["leaf_index"], c["tree_size"]
        root = bytes.fromhex(v["roots"][n - 1])
        if path(i, leaves[:n]) != want or not verify_inclusion(i, n, leaves[i], want, root):
            raise LogError(f"inclusion {i} in {n} differs")
        checked += 1
    for c in v["consistency"]:
        want = [bytes.fromhex(h) for h in c["path"]]
        m, n = c["from"], c["to"]
        r1, r2 = bytes.fromhex(v["roots"][m - 1]), bytes.fromhex(v["roots"][n - 1])
        if consistency_proof(m, leaves[:n]) != want or not verify_consistency(m, n, want, r1, r2):
            raise LogError(f"consistency {m} to {n} differs")
        checked += 1
    with open(os.path.join(args.dir, "signed-note-go.json"), encoding="utf-8") as f:
        g = json.load(f)
    for k in g["keys"]:
        key = VerifierKey.parse(k["vkey"])
        text, sigs = parse_note(g["text"] + "\n" + k["signature_line"])
        (name, kid, sig), = sigs
        if (name, kid) != (key.name, key.id) or not key.verify(text, sig):
            raise LogError(f"Go note of {key.name} does not verify")
        if "skey" in k:
            seed = base64.b64decode(k["skey"].split("+", 4)[4])[1:]
            own = ed25519.Ed25519PrivateKey.from_private_bytes(seed).sign(text.encode("utf-8"))
            if signature_line(key.name, key.id, own) != k["signature_line"]:
                raise LogError("Go note signature not reproduced")
        checked += 1
    for bad in g["bad_vkeys"]:
        try:
            VerifierKey.parse(bad)
        except LogError:
            checked += 1
            continue
        raise LogError(f"bad verifier key accepted: {bad}")
    return {"checked": checked}


def cmd_vkey(args) -> object:
    t = TYPES[args.type]
    return VerifierKey(args.name, t, public_key(t, bytes.fromhex(args.seed))).encode()


def cmd_sign_checkpoint(args) -> object:
    return sign_checkpoint(args.origin, args.size, b64decode_strict(args.root),
                           bytes.fromhex(args.ed25519_seed), bytes.fromhex(args.mldsa65_seed))


def cmd_cosign(args) -> object:
    with open(args.note, encoding="utf-8") as f:
        text, _ = parse_note(f.read())
    parse_checkpoint(text)
    return cosign(text, args.name, bytes.fromhex(args.seed), args.time)


def cmd_verify_checkpoint(args) -> object:
    with open(args.note, "rb") as f:
        raw = f.read()
    try:
        note = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise LogError("note is not UTF-8") from e
    return verify_checkpoint(note, args.origin, [VerifierKey.parse(k) for k in args.log_key],
                             [VerifierKey.parse(k) for k in args.witness or []], args.quorum)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("merkle")
    s.add_argument("--max", type=int, required=True)
    s.set_defaults(run=cmd_merkle)
    s = sub.add_parser("verify-merkle")
    s.add_argument("file")
    s.set_defaults(run=cmd_verify_merkle)
    s = sub.add_parser("event-leaves")
    s.add_argument("--count", type=int, required=True)
    s.set_defaults(run=cmd_event_leaves)
    s = sub.add_parser("check-vectors")
    s.add_argument("dir")
    s.set_defaults(run=cmd_check_vectors)
    s = sub.add_parser("vkey")
    s.add_argument("--name", required=True)
    s.add_argument("--type", choices=sorted(TYPES), required=True)
    s.add_argument("--seed", required=True)
    s.set_defaults(run=cmd_vkey)
    s = sub.add_parser("sign-checkpoint")
    s.add_argument("--origin", required=True)
    s.add_argument("--size", type=int, required=True)
    s.add_argument("--root", required=True)
    s.add_argument("--ed25519-seed", required=True)
    s.add_argument("--mldsa65-seed", required=True)
    s.set_defaults(run=cmd_sign_checkpoint)
    s = sub.add_parser("cosign")
    s.add_argument("--note", required=True)
    s.add_argument("--name", required=True)
    s.add_argument("--seed", required=True)
    s.add_argument("--time", type=int, required=True)
    s.set_defaults(run=cmd_cosign)
    s = sub.add_parser("verify-checkpoint")
    s.add_argument("--note", required=True)
    s.add_argument("--origin", required=True)
    s.add_argument("--log-key", action="append", required=True)
    s.add_argument("--witness", action="append")
    s.add_argument("--quorum", type=int, default=0)
    s.set_defaults(run=cmd_verify_checkpoint)
    args = p.parse_args()
    try:
        result = args.run(args)
    except LogError as e:
        print(f"tlog_ref: {e}", file=sys.stderr)
        return 1
    if isinstance(result, str):
        sys.stdout.write(result)
    else:
        json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
