#!/usr/bin/env bash
# Install the Debian packages Qt needs headless (offscreen) and under Xvfb, plus the PDF and
# packaging tools, as STACK.md lists them.
#
# Usage: scripts/system-packages.sh [PYTHON]
#
# Fast path: when dpkg-query shows every package installed, nothing else runs (no apt at all).
# As root with apt-get: `apt-get update` then install what is missing. Otherwise: print what is
# missing and carry on, so a normal user with a prepared machine can still build.
# PYTHON (optional) is the interpreter that will create the virtualenv: if it lacks ensurepip,
# as Debian's own python3 does without python3-venv, that package is added to the list.
set -euo pipefail

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
