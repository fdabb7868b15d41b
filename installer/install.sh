#!/usr/bin/env bash
# Installs PrefLab for the current user: the application jars under $PREFIX/share/preflab and a `preflab` command
# in $PREFIX/bin (default PREFIX=~/.local). Builds from this checkout first. Uninstall: install.sh --uninstall.
set -euo pipefail
prefix="${PREFIX:-$HOME/.local}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
share="$prefix/share/preflab"
if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$share" "$prefix/bin/preflab"
  echo "removed $share and $prefix/bin/preflab"
  exit 0
fi
(cd "$root" && mvn -q -B -Dstyle.color=never -DskipTests install)
rm -rf "$share.new"
mkdir -p "$share.new/lib" "$prefix/bin"
cp "$root"/app/target/lib/*.jar "$share.new/lib/"
cp -r "$root/sample-projects" "$share.new/sample-projects"
cp "$root/installer/launcher-env.sh" "$share.new/launcher-env.sh"
rm -rf "$share.new"/sample-projects/*/runs
rm -rf "$share.old"; [ -d "$share" ] && mv "$share" "$share.old"
mv "$share.new" "$share" && rm -rf "$share.old"   # swap in whole: a failed install leaves the old one working
cat > "$prefix/bin/preflab.tmp" <<LAUNCHER
#!/usr/bin/env bash
# PrefLab launcher (installed by installer/install.sh)
. "$share/launcher-env.sh"
exec java \${PREFLAB_JAVA_OPTS:-} "\${PREFLAB_JAVA_FLAGS[@]}" \\
  -jar "$share/lib/$(cd "$root/app/target/lib" && ls preflab-app-*.jar | head -1)" "\$@"
LAUNCHER
chmod +x "$prefix/bin/preflab.tmp" && mv "$prefix/bin/preflab.tmp" "$prefix/bin/preflab"
echo "installed: $prefix/bin/preflab (application in $share)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH to run 'preflab' from anywhere";; esac
