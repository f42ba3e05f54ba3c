"""The memo of verified tokens: a repeated token skips the signature check, never past its expiry,
its maximum age or its capacity, and a rejected token is never remembered."""

from __future__ import annotations

import time

import jwt
import pytest

from shared.auth import AuthSettings, Principal, mint_token
from shared.authenticator import Authenticator, AuthError
from shared.verified_tokens import VerifiedTokens

SETTINGS = AuthSettings()


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def principal(user: str) -> Principal:
    return Principal(user_id=user, name=None, roles=frozenset({"ops"}), scopes={})


def test_a_token_is_known_until_it_expires() -> None:
    clock = Clock()
    memo = VerifiedTokens(clock=clock)
    memo.put("t1", principal("u-1"), expires_at=clock.now + 60)
    clock.now += 59.9
    assert memo.get("t1") == principal("u-1")
    clock.now += 0.1
    assert memo.get("t1") is None
    assert len(memo) == 0  # the expired entry is gone, not just hidden


def test_a_long_lived_token_is_judged_again_after_the_maximum_age() -> None:
    clock = Clock()
    memo = VerifiedTokens(max_age=300, clock=clock)
    memo.put("t1", principal("u-1"), expires_at=clock.now + 8 * 3600)
    clock.now += 299
    assert memo.get("t1") is not None
    clock.now += 1
    assert memo.get("t1") is None


def test_the_least_recently_used_token_goes_first() -> None:
    clock = Clock()
    memo = VerifiedTokens(capacity=2, clock=clock)
    memo.put("a", principal("u-a"), clock.now + 60)
    memo.put("b", principal("u-b"), clock.now + 60)
    assert memo.get("a") is not None  # a is now the most recent
    memo.put("c", principal("u-c"), clock.now + 60)
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (
        principal("u-a"),
        None,
        principal("u-c"),
    )
    assert len(memo) == 2


@pytest.mark.parametrize("capacity,max_age", [(0, 300), (10, 0)])
def test_nonsense_limits_are_refused(capacity: int, max_age: float) -> None:
    with pytest.raises(ValueError):
        VerifiedTokens(capacity=capacity, max_age=max_age)


def count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = jwt.decode

    def counting(token: str, *args, **kwargs):
        calls.append(token)
        return real(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting)
    return calls


def test_the_second_verification_of_a_token_checks_no_signature(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    decodes = count_decodes(monkeypatch)
    authenticator = Authenticator(SETTINGS)
    token = mint_token(SETTINGS, sub="u-7", roles=["ops"], scopes={"building": ["B02"]})
    first = authenticator.verify(token)
    assert authenticator.known(token) == first
    assert authenticator.verify(token) == first
    assert decodes == [token]
    other = mint_token(SETTINGS, sub="u-8", roles=["ops"])
    assert authenticator.known(other) is None  # a new token is verified in full
    assert authenticator.verify(other).user_id == "u-8"
    assert decodes == [token, other]


def test_a_rejected_token_is_judged_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    decodes = count_decodes(monkeypatch)
    authenticator = Authenticator(SETTINGS)
    forged = jwt.encode(
        {"sub": "u-x", "iss": SETTINGS.issuer, "aud": SETTINGS.audience, "iat": 1, "exp": 2**40},
        "not-the-secret-but-32-bytes-long-enough",
        algorithm="HS256",
    )
    for _ in range(2):
        with pytest.raises(AuthError) as excinfo:
            authenticator.verify(forged)
        assert excinfo.value.reason == "bad signature"
    assert authenticator.known(forged) is None
    assert len(decodes) == 2


def test_the_memo_keeps_a_token_only_until_its_expiry_and_the_leeway() -> None:
    clock = Clock(time.time())
    authenticator = Authenticator(SETTINGS, VerifiedTokens(clock=clock))
    token = mint_token(SETTINGS, sub="u-7", roles=["ops"], ttl_seconds=60)
    authenticator.verify(token)
    clock.now += 60 + SETTINGS.leeway_seconds - 1
    assert authenticator.known(token) is not None
    clock.now += 1
    assert authenticator.known(token) is None
