"""scripts/system-packages.sh asks for Python's shared library when the interpreter lacks it.

Debian's own /usr/bin/python3.X is linked statically and reports a shared build, but the library
PyInstaller bundles comes only with the libpython3.X package, which python3.X does not pull in;
on a fresh Debian 12 `make test` then failed in `make bundle`. The script is run in its
``--list`` mode (it changes nothing) against a stand-in interpreter: the real one, with its
``sysconfig`` answers and ``sys.base_prefix`` replaced by a ``sitecustomize`` module.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="the script is bash")


def _fake_python(tmp_path: Path, base_prefix: str, config: dict[str, object]) -> Path:
    """A wrapper running this interpreter as if built with ``config`` in ``base_prefix``."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import sys, sysconfig\n"
        f"sysconfig.get_config_vars().update({config!r})\n"
        f"sys.base_prefix = {base_prefix!r}\n"
    )
    wrapper = tmp_path / "python3"
    wrapper.write_text(f'#!/bin/sh\nPYTHONPATH={site} exec {sys.executable} "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def _static_build(version: str, libdir: Path) -> dict[str, object]:
    """What sysconfig reports for a Python built without --enable-shared."""
    return {
        "VERSION": version,
        "Py_ENABLE_SHARED": 0,
        "LDLIBRARY": f"libpython{version}.a",
        "INSTSONAME": f"libpython{version}.a",
        "LIBDIR": str(libdir),
    }


def _listed(repo_root: Path, python: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(repo_root / "scripts" / "system-packages.sh"), "--list", str(python)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )


def test_debians_python_without_its_shared_library_gets_libpython(
    repo_root: Path, tmp_path: Path
) -> None:
    """Debian's python3.11 as on a fresh machine: a shared build whose .so is not installed."""
    libdir = tmp_path / "lib"
    libdir.mkdir()
    python = _fake_python(
        tmp_path,
        "/usr",
        {
            "VERSION": "3.11",
            "Py_ENABLE_SHARED": 1,
            "LDLIBRARY": "libpython3.11.so",
            "INSTSONAME": "libpython3.11.so.1.0",
            "LIBDIR": str(libdir),
        },
    )
    packages = _listed(repo_root, python).stdout.split()
    assert "libpython3.11" in packages
    assert "binutils" in packages  # PyInstaller's objdump


def test_a_static_build_on_debian_gets_the_package_of_its_own_version(
    repo_root: Path, tmp_path: Path
) -> None:
    """The package name comes from the interpreter's VERSION, not a fixed 3.11."""
    python = _fake_python(tmp_path, "/usr", _static_build("3.12", tmp_path))
    packages = _listed(repo_root, python).stdout.split()
    assert "libpython3.12" in packages
    assert "libpython3.11" not in packages


def test_an_installed_shared_library_adds_nothing(repo_root: Path, tmp_path: Path) -> None:
    libdir = tmp_path / "lib"
    libdir.mkdir()
    (libdir / "libpython3.11.so.1.0").write_bytes(b"")
    python = _fake_python(
        tmp_path,
        "/usr",
        {"VERSION": "3.11", "INSTSONAME": "libpython3.11.so.1.0", "LIBDIR": str(libdir)},
    )
    assert not [p for p in _listed(repo_root, python).stdout.split() if p.startswith("libpython")]


def test_a_static_python_of_its_own_is_told_to_rebuild_not_given_debians_library(
    repo_root: Path, tmp_path: Path
) -> None:
    """A pyenv-style build outside /usr would bundle a library of another patch release."""
    python = _fake_python(tmp_path, "/opt/python-3.11", _static_build("3.11", tmp_path))
    result = _listed(repo_root, python)
    assert not [p for p in result.stdout.split() if p.startswith("libpython")]
    assert "libpython3.11.so.1.0" in result.stderr
    assert "--enable-shared" in result.stderr


def test_the_interpreter_running_the_tests_needs_no_library_package(repo_root: Path) -> None:
    """This virtualenv was built by `make deps`, so its interpreter's library is present."""
    listed = _listed(repo_root, sys.executable)
    assert not [p for p in listed.stdout.split() if p.startswith("libpython")], listed.stderr
