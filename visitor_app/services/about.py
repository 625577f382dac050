"""What Help > Over shows: the app's version, the framework for new visitations and where
it came from, the framework of the open file, where user data lives, and the licences of
the bundled components (resources/licences.yaml: data, not code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import visitor_app
from visitor_app.errors import FormError
from visitor_app.paths import FORMS_SOURCES, forms_lookup, resources_dir, user_data_path


@dataclass(frozen=True)
class FrameworkInfo:
    name: str
    version: str
    status: str
    notice: str


@dataclass(frozen=True)
class Licence:
    name: str
    licence: str
    text: str
    version: str | None = None  # the installed version, when the package is known


@dataclass(frozen=True)
class AboutInfo:
    version: str
    forms_dir: Path
    forms_source: str  # Dutch: why this forms/ was chosen (paths.FORMS_SOURCES)
    framework: FrameworkInfo | None  # the framework for new visitations; None if unreadable
    framework_error: str | None
    open_framework: FrameworkInfo | None  # the one embedded in the open visitation, if any
    data_dir: Path
    licences: list[Licence] = field(default_factory=list)


def _framework_info(fw) -> FrameworkInfo:
    return FrameworkInfo(fw.name, fw.version, fw.status, fw.notice)


def _version_of(package: str | None) -> str | None:
    if not package:
        return None
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def load_licences(path: Path | None = None) -> list[Licence]:
    import yaml
    path = path or resources_dir() / "licences.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Licence(c["name"], c["licence"], " ".join(str(c.get("text", "")).split()),
                    _version_of(c.get("package")))
            for c in data.get("components", [])]


def about_info(open_framework=None) -> AboutInfo:
    """Gather everything for Help > Over; ``open_framework``: the open visitation's."""
    from visitor_app.domain.framework import load_framework
    forms_dir, source = forms_lookup()
    framework, error = None, None
    try:
        framework = _framework_info(load_framework(forms_dir))
    except FormError as exc:
        error = str(exc)
    try:
        licences = load_licences()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        licences = [Licence("Licenties", "onbekend", f"resources/licences.yaml niet leesbaar: {exc}")]
    return AboutInfo(
        version=visitor_app.__version__, forms_dir=forms_dir, forms_source=FORMS_SOURCES[source],
        framework=framework, framework_error=error,
        open_framework=_framework_info(open_framework) if open_framework is not None else None,
        data_dir=user_data_path(), licences=licences)
