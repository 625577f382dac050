"""Encryption at rest: what SQLCipher costs against the plain app, measured in the same run.

1. Saving one observation in an encrypted file against the same save in a plain file
   through the app (samples interleaved, so that disk noise hits both alike). Goal: at
   most 1.3x.
2. Opening a 2,000-observation file as the window does (Visitation.open with the lock and
   the deferred check) and as the command line does (with the full quick_check), encrypted
   against plain. The first open of an encrypted file in a process pays the key derivation
   (PBKDF2-HMAC-SHA512, 256,000 rounds, once per passphrase and file salt); it is reported
   on its own, and the raw key is reused by every later connection.
Writes only to the system temp folder.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import median_ms, scratch_dir, synthetic_observations, timed, timed_in_turn  # noqa: E402
from visitor_app.services import Visitation  # noqa: E402

SECRET = "bench wachtwoord voor de meting"
N_SAVE = 200
N_OPEN = 2_000
OPENS = 15


def _new(path: Path, passphrase: str | None, n: int = 0) -> None:
    with Visitation.create(path, "OD Bench", "2026-03-10", "2026-03-11", passphrase=passphrase) as visit:
        if n:
            visit.observations.add_many(synthetic_observations(n))


def saving(tmp: Path) -> dict:
    plain_path, secret_path = tmp / "plain.visitatie", tmp / "secret.visitatie"
    _new(plain_path, None)
    _new(secret_path, SECRET)
    plain, secret = Visitation.open(plain_path), Visitation.open(secret_path, passphrase=SECRET)
    session = plain.programme.sessions()[0]["id"]
    secret_session = secret.programme.sessions()[0]["id"]
    plain_t, secret_t = [], []
    for i, row in enumerate(synthetic_observations(N_SAVE)):
        def a():
            plain.observations.add(row["theme"], row["kind"], row["text"], session_id=session)

        def b():
            secret.observations.add(row["theme"], row["kind"], row["text"], session_id=secret_session)

        timed_in_turn(i, a, b, plain_t, secret_t)
    plain.close()
    secret.close()
    r = {"encrypted_ms": median_ms(secret_t), "plain_ms": median_ms(plain_t)}
    r["ratio"] = r["encrypted_ms"] / r["plain_ms"]
    return r


def opening(tmp: Path) -> dict:
    plain_path, secret_path = tmp / "plain-2000.visitatie", tmp / "secret-2000.visitatie"
    _new(plain_path, None, N_OPEN)
    _new(secret_path, SECRET, N_OPEN)

    def open_window(path, passphrase):  # as the window: exclusive, the check deferred
        Visitation.open(path, exclusive=True, verify_later=True, passphrase=passphrase).close()

    def open_cli(path, passphrase):  # as a command: the full quick_check first
        Visitation.open(path, passphrase=passphrase).close()

    # the first open of the encrypted file with a fresh passphrase object: derivation included
    t0 = time.perf_counter()
    open_window(secret_path, SECRET)
    first_ms = (time.perf_counter() - t0) * 1000
    from visitor_app.store.connection import KDF_ITERATIONS, Key
    kdf = [timed(lambda: Key(SECRET).statement(b"0123456789abcdef")) for _ in range(5)]
    r = {"first_open_ms": first_ms, "kdf_ms": median_ms(kdf), "kdf_iterations": KDF_ITERATIONS}
    for name, fn in (("window", open_window), ("cli", open_cli)):
        plain_t, secret_t = [], []
        for i in range(OPENS):
            # a new str each time: the Key (and its derived raw key) is made per open, as a
            # new window or command would; only the process-wide nothing is cached
            pairs = [(plain_t, plain_path, None), (secret_t, secret_path, SECRET + "")]
            for samples, path, secret in (pairs if i % 2 else pairs[::-1]):
                samples.append(timed(lambda p=path, s=secret: fn(p, s)))
        r[f"{name}_encrypted_ms"] = median_ms(secret_t)
        r[f"{name}_plain_ms"] = median_ms(plain_t)
        r[f"{name}_ratio"] = r[f"{name}_encrypted_ms"] / r[f"{name}_plain_ms"]
    # the same opens with the key already derived (one Key object kept): what SQLCipher's
    # page decryption and HMAC checks cost on their own
    key = Key(SECRET)
    open_window(secret_path, key)
    warm = [timed(lambda: open_window(secret_path, key)) for _ in range(OPENS)]
    r["window_derived_ms"] = median_ms(warm)
    r["window_derived_ratio"] = r["window_derived_ms"] / r["window_plain_ms"]
    return r


def main() -> dict:
    with scratch_dir() as tmp:
        save = saving(Path(tmp))
        opened = opening(Path(tmp))
    print(f"Versleuteld opslaan van één waarneming: {save['encrypted_ms']:.2f} ms, onversleuteld "
          f"{save['plain_ms']:.2f} ms (mediaan van {N_SAVE}) -> ratio {save['ratio']:.2f}x (doel <= 1.3x)")
    print(f"Openen van {N_OPEN:,} waarnemingen, venster: versleuteld {opened['window_encrypted_ms']:.1f} ms, "
          f"onversleuteld {opened['window_plain_ms']:.1f} ms -> ratio {opened['window_ratio']:.2f}x; "
          f"opdrachtregel (met quick_check): {opened['cli_encrypted_ms']:.1f} ms tegen "
          f"{opened['cli_plain_ms']:.1f} ms -> ratio {opened['cli_ratio']:.2f}x")
    print(f"  sleutelafleiding (PBKDF2-HMAC-SHA512, {opened['kdf_iterations']:,} rondes): "
          f"{opened['kdf_ms']:.0f} ms, één keer per opening; eerste opening "
          f"{opened['first_open_ms']:.0f} ms; met de sleutel al afgeleid: venster "
          f"{opened['window_derived_ms']:.1f} ms -> ratio {opened['window_derived_ratio']:.2f}x")
    return {"save": save, "open": opened}


if __name__ == "__main__":
    main()
