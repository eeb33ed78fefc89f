"""How passwords (sign-in and signing) are stored: Argon2id at OWASP's parameters.

Django's own Argon2 hasher (argon2-cffi), with the parameters of OWASP's Password Storage Cheat Sheet
(19 MiB of memory, 2 passes, 1 lane) instead of Django's (100 MiB, 2 passes, 8 lanes). Argon2 is memory-hard,
so a stolen table costs an attacker's graphics cards far more than PBKDF2 at a million iterations; and on the
app server a check takes about 35 ms of CPU instead of 550 ms (PBKDF2) or 290 ms (Django's Argon2 parameters),
which matters when a province's officials all sign in at half past seven (docs/performance.md).

Hashes stored before (PBKDF2, or Argon2 at other parameters) still verify and are rewritten at these
parameters the next time their owner signs in (Django's ``must_update``).
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    # Same algorithm name as Django's: hashes carry their own parameters, and one stored at Django's
    # defaults is upgraded (must_update compares them with these).
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
