#!/usr/bin/env bash
# Build the one-folder bundle, its archive and checksum (called by `make bundle`).
#
# Usage: packaging/build-bundle.sh PYTHON
# Produces dist/aisle-desktop/ (the program, with INSTALL.md, the .desktop entry and the icon),
# dist/aisle-desktop-VERSION-linux-ARCH.tar.gz and a .sha256 file beside it.
set -euo pipefail
python=${1:?usage: build-bundle.sh PYTHON}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

version=$("$python" -c 'import aisle_desktop; print(aisle_desktop.__version__)')
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain 2>/dev/null)" ]; then revision="$revision-modified"; fi
printf '{"revision": "%s", "built": "%s"}\n' "$revision" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    > aisle_desktop/resources/build-info.json

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/aisle-desktop.spec

bundle=dist/aisle-desktop
cp packaging/INSTALL.md packaging/aisle-desktop.desktop "$bundle/"
cp aisle_desktop/resources/icons/aisle-desktop.svg "$bundle/aisle-desktop.svg"

archive="aisle-desktop-$version-linux-$(uname -m).tar.gz"
tar -czf "dist/$archive" -C dist aisle-desktop
(cd dist && sha256sum "$archive" > "$archive.sha256")
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1) unpacked)"
echo "archive: dist/$archive ($(du -sh "dist/$archive" | cut -f1)), checksum dist/$archive.sha256"
