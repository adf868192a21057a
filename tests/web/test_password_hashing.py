"""Passwords: Argon2id at OWASP's parameters; hashes of Django's heavier default still verify."""

from __future__ import annotations

from django.contrib.auth.hashers import (
    Argon2PasswordHasher,
    check_password,
    get_hasher,
    make_password,
)


def test_new_hashes_use_owasp_argon2id_parameters() -> None:
    encoded = make_password("vinter-2024-budget")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("vinter-2024-budget", encoded)
    assert not check_password("sommar-2024-budget", encoded)


def test_a_hash_with_django_default_parameters_verifies_and_is_renewed() -> None:
    old = Argon2PasswordHasher().encode("vinter-2024-budget", Argon2PasswordHasher().salt())

    assert "m=102400,t=2,p=8" in old
    assert check_password("vinter-2024-budget", old)
    assert get_hasher("default").must_update(old)
