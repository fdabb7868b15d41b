#!/usr/bin/env bash
# Builds the PrefLab application image, installer/target/PrefLab: jpackage's layout with the app jars, a jlink'd Java
# runtime, libtorch's CPU natives unpacked (nothing is extracted or downloaded at run time), the sample projects and a
# `preflab` command (bin/preflab). Then, where dpkg-deb and fakeroot are present, installer/target/preflab_*.deb,
# which installs the image to /opt/preflab with /usr/bin/preflab and a desktop entry.
# Run after `mvn -B package -DskipTests`. Usage: installer/build-image.sh [--no-deb]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
lib="$root/app/target/lib"
out="$here/target"
image="$out/PrefLab"
step() { printf '%s build-image: %s\n' "$(date +%T)" "$*" >&2; }

app_jar="$(cd "$lib" 2>/dev/null && ls preflab-app-*.jar 2>/dev/null | head -1 || true)"
if [ -z "$app_jar" ]; then
  echo "build-image: no $lib/preflab-app-*.jar; run 'mvn -B package -DskipTests' first" >&2
  exit 2
fi
version="${app_jar#preflab-app-}"; version="${version%.jar}"          # 0.1.0-SNAPSHOT
native_jar="$(cd "$lib" && ls pytorch-native-cpu-*-linux-x86_64.jar)"
jni_jar="$(cd "$lib" && ls pytorch-jni-*.jar)"
djl_version="${jni_jar%.jar}"; djl_version="${djl_version##*-}"       # pytorch-jni-2.7.1-0.35.1.jar -> 0.35.1
# The Java modules the jars use (jdeps on the app's class path, plus java.desktop for JavaFX's Swing bridge and
# JFreeChart, java.scripting and java.sql for Jinjava and Jackson): a runtime of about 50 MB instead of the JDK.
modules="java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management"
modules+=",java.naming,java.net.http,java.prefs,java.scripting,java.sql,java.xml,jdk.attach,jdk.crypto.ec"
modules+=",jdk.jdi,jdk.jfr,jdk.management,jdk.unsupported,jdk.unsupported.desktop,jdk.zipfs"

rm -rf "$out/input" "$out/stub" "$out/runtime" "$image" "$out/deb"
mkdir -p "$out/input" "$out/stub"

step "jars"
# Every jar but libtorch's 112 MB native jar, which is replaced by its properties file alone: DJL reads it to name
# the cache folder, finds libtorch already unpacked there (lib/natives, linked into the user's cache by
# org.preflab.engine.runtime.BundledNatives) and extracts nothing.
for j in "$lib"/*.jar; do
  [ "$(basename "$j")" = "$native_jar" ] || cp "$j" "$out/input/"
done
(cd "$out/stub" && unzip -q "$lib/$native_jar" native/lib/pytorch.properties)
jar --create --file "$out/input/$native_jar" -C "$out/stub" native
props="$out/stub/native/lib/pytorch.properties"
torch_version="$(sed -n 's/^version=//p' "$props")"                 # 2.7.1-20250812
flavor="$(sed -n 's/^flavor=//p' "$props")"                           # cpu
classifier="$(sed -n 's/^classifier=//p' "$props")"                   # linux-x86_64

step "jlink runtime"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$out/runtime"

step "jpackage app-image"
# The same Java flags the preflab command passes, for the native launcher bin/PrefLab started directly.
java_options=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
  -Dorg.slf4j.simpleLogger.log.ai.djl=error '-Dpreflab.bundledNatives=$APPDIR/../natives')
jpackage_args=(--type app-image --name PrefLab --app-version "${version%%-*}" --input "$out/input"
  --main-jar "$app_jar" --main-class org.preflab.app.Main --runtime-image "$out/runtime" --dest "$out"
  --description "Preference optimisation workbench for language models")
for o in "${java_options[@]}"; do jpackage_args+=(--java-options "$o"); done
jpackage "${jpackage_args[@]}"

step "libtorch natives (unpacked)"
natives="$image/lib/natives/pytorch/$torch_version-$flavor-$classifier"
mkdir -p "$natives"
unzip -q -j "$lib/$native_jar" "pytorch/$flavor/$classifier/*" -d "$natives"
unzip -q -p "$lib/$jni_jar" "jnilib/$classifier/$flavor/libdjl_torch.so" > "$natives/$djl_version-libdjl_torch.so"

step "sample projects, preflab command, desktop entry"
cp -a "$root/sample-projects" "$image/lib/sample-projects"
rm -rf "$image"/lib/sample-projects/*/runs
cp "$here/launcher-env.sh" "$image/lib/launcher-env.sh"
install -m 755 "$here/image/preflab" "$image/bin/preflab"
sed "s|@PREFIX@|/opt/preflab|g" "$here/image/preflab.desktop" > "$image/lib/preflab.desktop"
du -sh "$image" "$image/lib/runtime" "$image/lib/natives" "$image/lib/app" >&2

if [ "${1:-}" = "--no-deb" ]; then
  exit 0
fi
if ! command -v dpkg-deb >/dev/null || ! command -v fakeroot >/dev/null; then
  step "no dpkg-deb or fakeroot: skipping the .deb (the image in $image is complete)"
  exit 0
fi
step "deb"
"$here/build-deb.sh" "$image" "$version" "$out"
