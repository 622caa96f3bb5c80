"""Cognito's SRP (USER_SRP_AUTH) in Python: the user pool's side, which the local stack needs because moto's
PASSWORD_VERIFIER accepts any signature, and the client's side, which the tests sign in with.

The protocol is the one Cognito's web libraries speak (RFC 5054's 3072-bit group, SHA-256): the client sends
A = g^a; the pool answers its salt, B = k v + g^b (v = g^x, x = H(salt | H(poolName | userId | ":" | password)))
and a secret block; both sides derive S and from it, with u = H(A | B), a 16-byte key ("Caldera Derived Key"),
and the client proves it knows the password with an HMAC of pool name, user id, secret block and timestamp.
The page's srp.js computes the same values (tests/devkit/test_srp.py holds the two sides together).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import NamedTuple

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key\x01"
TIMESTAMP_FORMAT = "%a %b %d %H:%M:%S UTC %Y"
"""Cognito's TIMESTAMP, e.g. "Tue Sep 3 07:04:05 UTC 2024" (its day of the month is not padded)."""


def pad_hex(value: int) -> str:
    """Even-length hex, with a 00 byte in front when the top bit is set (Java's BigInteger bytes, as Cognito)."""
    text = format(value, "x")
    if len(text) % 2:
        text = "0" + text
    return "00" + text if text[0] in "89abcdef" else text


def hex_hash(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(hex_hash(pad_hex(N) + pad_hex(G)), 16)


def pool_name(user_pool_id: str) -> str:
    """The part of a pool id after the region: what Cognito hashes into x and signs."""
    return user_pool_id.split("_", 1)[1] if "_" in user_pool_id else user_pool_id


def private_x(user_pool_id: str, user_id: str, password: str, salt_hex: str) -> int:
    identity = hashlib.sha256(f"{pool_name(user_pool_id)}{user_id}:{password}".encode()).hexdigest()
    return int(hex_hash(pad_hex(int(salt_hex, 16)) + identity), 16)


def scrambler(big_a: int, big_b: int) -> int:
    return int(hex_hash(pad_hex(big_a) + pad_hex(big_b)), 16)


def derived_key(shared: int, u: int) -> bytes:
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(shared)), hashlib.sha256).digest()
    return hmac.new(prk, INFO, hashlib.sha256).digest()[:16]


def claim_signature(key: bytes, user_pool_id: str, user_id: str, secret_block: str, timestamp: str) -> str:
    message = pool_name(user_pool_id).encode() + user_id.encode() + base64.b64decode(secret_block) + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def timestamp(at: datetime | None = None) -> str:
    moment = at or datetime.now(UTC)
    return moment.strftime(TIMESTAMP_FORMAT).replace(f" {moment:%d} ", f" {moment.day} ", 1)


def parse_timestamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


class Challenge(NamedTuple):
    """The pool's half of one sign-in: what it sent (salt, B, secret block) and what it keeps (b, v)."""

    user_pool_id: str
    user_id: str
    big_a: int
    salt_hex: str
    small_b: int
    big_b: int
    verifier: int
    secret_block: str

    def parameters(self) -> dict[str, str]:
        """PASSWORD_VERIFIER's ChallengeParameters."""
        return {
            "SALT": self.salt_hex,
            "SRP_B": format(self.big_b, "x"),
            "SECRET_BLOCK": self.secret_block,
            "USERNAME": self.user_id,
            "USER_ID_FOR_SRP": self.user_id,
        }

    def expected_signature(self, stamp: str) -> str:
        u = scrambler(self.big_a, self.big_b)
        shared = pow(self.big_a * pow(self.verifier, u, N), self.small_b, N)
        return claim_signature(derived_key(shared, u), self.user_pool_id, self.user_id, self.secret_block, stamp)


def challenge(user_pool_id: str, user_id: str, password: str, srp_a: str) -> Challenge:
    """The pool's answer to InitiateAuth(USER_SRP_AUTH): a fresh salt, verifier, b and B for this sign-in.
    ValueError when SRP_A is not a usable A (not hex, or 0 mod N), as Cognito refuses it."""
    big_a = int(srp_a, 16)
    if big_a % N == 0:
        raise ValueError("SRP_A is 0 mod N")
    salt_hex = format(secrets.randbits(128) | (1 << 127), "x")  # no leading zero: one reading of it, as Cognito
    verifier = pow(G, private_x(user_pool_id, user_id, password, salt_hex), N)
    small_b = secrets.randbits(256) | 1
    big_b = (K * verifier + pow(G, small_b, N)) % N
    block = base64.b64encode(secrets.token_bytes(48)).decode()
    return Challenge(user_pool_id, user_id, big_a, salt_hex, small_b, big_b, verifier, block)


class Client(NamedTuple):
    """A client's sign-in in progress (the tests' stand-in for the page)."""

    small_a: int
    big_a: int

    @classmethod
    def start(cls) -> Client:
        small_a = secrets.randbits(1024)
        return cls(small_a, pow(G, small_a, N))

    @property
    def srp_a(self) -> str:
        return format(self.big_a, "x")

    def signature(self, user_pool_id: str, password: str, parameters: dict[str, str], stamp: str) -> str:
        """PASSWORD_CLAIM_SIGNATURE for the pool's ChallengeParameters."""
        big_b = int(parameters["SRP_B"], 16)
        u = scrambler(self.big_a, big_b)
        user_id = parameters["USER_ID_FOR_SRP"]
        x = private_x(user_pool_id, user_id, password, parameters["SALT"])
        shared = pow((big_b - K * pow(G, x, N)) % N, self.small_a + u * x, N)
        key = derived_key(shared, u)
        return claim_signature(key, user_pool_id, user_id, parameters["SECRET_BLOCK"], stamp)
