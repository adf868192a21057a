"""Password hashing: Argon2id with OWASP's recommended parameters (19 MiB, 2 passes, 1 lane).

Django's default (100 MiB, 8 lanes) costs about 0.3 s of CPU and 100 MiB per login: 300 budget
holders logging in on deadline morning would hold two cores for a minute and a worker for
seconds each. These parameters cost about 35 ms. Hashes made with other parameters still
verify and are re-hashed with these at the next login (Django's `must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19456  # KiB
    parallelism = 1
