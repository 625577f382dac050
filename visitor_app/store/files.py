"""Writing files safely (placeholder until the store-layer branch lands)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path



def atomic_write(path: Path | str, data) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    try:
        if callable(data):
            data(tmp)
        else:
            with open(tmp, "wb") as fh:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return path


def check_output_path(out: Path, suffix: str | None, what: str, overwrite: bool = True) -> None:
    """Refuse an output path that cannot be written, before anything is done or changed."""
    from visitor_app.errors import InputError
    if suffix and out.suffix.lower() != suffix:
        raise InputError(f"{out}: {what} eindigt op {suffix}; kies een naam als {out.stem or 'naam'}{suffix}")
    if out.is_dir():
        raise InputError(f"{out}: is een map; geef een bestandsnaam op")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: map bestaat niet; maak die eerst aan of kies een andere map")
    if not overwrite and out.exists():
        raise InputError(f"{out}: bestaat al; kies een andere bestandsnaam")
