#!/usr/bin/env bash
# Install the Debian packages Qt needs headless (offscreen) and under Xvfb, plus the PDF and
# packaging tools, as STACK.md lists them.
#
# Usage: scripts/system-packages.sh [--list] [PYTHON]
#
# --list prints the packages this machine needs, one a line, and changes nothing (tests use it).
# Fast path: when dpkg-query shows every package installed, nothing else runs (no apt at all).
# As root with apt-get: `apt-get update` then install what is missing. Otherwise: print what is
# missing and carry on, so a normal user with a prepared machine can still build.
# PYTHON (optional) is the interpreter that will create the virtualenv: if it lacks ensurepip,
# as Debian's own python3 does without python3-venv, that package is added to the list; if its
# shared library is missing, as Debian's own python3.X has it only in libpython3.X, that package
# is added too (PyInstaller bundles the shared library; without it `make bundle` fails).
set -euo pipefail

list_only=false
if [[ ${1:-} == --list ]]; then
    list_only=true
    shift
fi

packages=(
    # Qt headless (QT_QPA_PLATFORM=offscreen)
    libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
    # Without a font Qt draws every glyph as a box and PDFs embed no font, silently.
    fonts-dejavu-core
    # Qt on a real X server (Xvfb); Qt's error names libxcb-cursor0 whichever one is missing.
    xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1 libxcb-randr0 libxcb-shm0
    libxcb-sync1 libxcb-xfixes0 libxcb-glx0 libxcb1
    # PDF checks (pdfinfo, pdffonts, pdftotext, pdftoppm) and PyInstaller (objdump)
    poppler-utils binutils
)

python=${1:-}
if [[ -n "$python" ]] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

# The interpreter says where its shared library would be (LIBDIR/INSTSONAME) and its version.
# Debian's /usr/bin/python3.X reports a shared build (Py_ENABLE_SHARED 1) although the executable
# is linked statically and the library comes only with libpython3.X, so the file is what counts.
# Prints the Debian package to add, or a line starting with "!" when only a rebuild would help.
libpython_probe='
import os, sys, sysconfig
version = sysconfig.get_config_var("VERSION")
soname = sysconfig.get_config_var("INSTSONAME") or ""
if ".so" not in soname:
    soname = sysconfig.get_config_var("LDLIBRARY") or ""
if ".so" not in soname:
    soname = f"libpython{version}.so.1.0"
libdir = sysconfig.get_config_var("LIBDIR") or ""
if not os.path.exists(os.path.join(libdir, soname)):
    if sys.base_prefix == "/usr":
        print(f"libpython{version}")
    else:
        print(f"! {sys.executable} has no shared library {soname} in {libdir!r}")
'
if [[ -n "$python" ]]; then
    libpython=$("$python" -c "$libpython_probe" 2>/dev/null || true)
    if [[ $libpython == '!'* ]]; then
        echo "system packages: ${libpython#! }: \`make bundle\` (PyInstaller) needs it;" \
            "build that Python with --enable-shared or use Debian's python3" >&2
    elif [[ -n $libpython ]]; then
        packages+=("$libpython")
    fi
fi

if $list_only; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "system packages: no dpkg-query (not Debian?); make sure Qt's libraries and a font" \
        "are installed: ${packages[*]}" >&2
    exit 0
fi

# One dpkg-query call for all of them; "ii" means installed. A package of several architectures
# prints one line per architecture; any installed one counts.
installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${packages[@]}" 2>/dev/null \
    | awk '$2 == "ii" { print $1 }' || true)
missing=()
for package in "${packages[@]}"; do
    if ! grep -qxF "$package" <<<"$installed"; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "system packages: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}"
else
    echo "system packages: missing ${missing[*]}" >&2
    echo "system packages: not root (or no apt-get), so not installing them; as root run:" >&2
    echo "  apt-get update && apt-get install --no-install-recommends ${missing[*]}" >&2
fi
