#!/usr/bin/env bash
# Packs an application image (installer/build-image.sh) as a .deb: the image in /opt/preflab, /usr/bin/preflab and a
# desktop entry. dpkg-deb directly rather than `jpackage --type deb`, which can neither put a command on the PATH nor
# point the desktop entry at the preflab command (the launcher that sets libtorch's environment), and which
# compresses 600 MB with xz (minutes on two cores; zstd takes seconds).
# Usage: installer/build-deb.sh <image> <version> <out-dir>
set -euo pipefail
image="$1"; version="$2"; out="$3"
deb_version="${version//-/\~}"                          # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT (sorts before 0.1.0)
pkg="$out/deb/preflab"
rm -rf "$out/deb"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications"
cp -a "$image" "$pkg/opt/preflab"
ln -s /opt/preflab/bin/preflab "$pkg/usr/bin/preflab"
cp "$image/lib/preflab.desktop" "$pkg/usr/share/applications/preflab.desktop"
cat > "$pkg/DEBIAN/control" <<CONTROL
Package: preflab
Version: $deb_version
Architecture: amd64
Maintainer: PrefLab <preflab@localhost>
Installed-Size: $(du -sk "$pkg" | cut -f1)
Depends: libc6 (>= 2.28), libstdc++6, libgcc-s1, zlib1g
Recommends: libgtk-3-0, libgl1, libxtst6, gcc
Section: science
Priority: optional
Description: Preference optimisation workbench for language models
 Trains and compares DPO, sDPO, SPO, APL and SPA runs on Hugging Face
 checkpoints, on the CPU (libtorch bundled) or a GPU through a CUDA libtorch
 you provide. Runs offline: nothing is downloaded. gcc, when present, builds
 the MKL speed-up for AMD CPUs.
CONTROL
fakeroot dpkg-deb -Zzstd --build "$pkg" "$out/preflab_${deb_version}_amd64.deb" >&2
rm -rf "$out/deb"
ls -l "$out/preflab_${deb_version}_amd64.deb" >&2
