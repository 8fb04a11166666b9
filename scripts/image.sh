#!/usr/bin/env bash
# Builds the Bench image (Containerfile at the repository root): loadgen and bench-server as
# self-contained linux-x64 publishes, copied into a runtime-deps base.
#
#   scripts/image.sh [--tag NAME] [--base IMAGE|host] [--engine podman|docker] [--no-publish]
#
# --base host builds the base from this machine's own C and C++ runtime libraries, for a machine
# that cannot pull mcr.microsoft.com/dotnet/runtime-deps (no registry access); without --base the
# script tries the real base first and falls back to host when the pull fails, saying so.
# Prints "image: NAME (base: ...)" as its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

tag=bench:latest
base=""
engine=""
publish=1
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --engine) engine="$2"; shift 2 ;;
    --no-publish) publish=0; shift ;;
    *) echo "image.sh: unknown option $1 (see the header of scripts/image.sh)" >&2; exit 2 ;;
  esac
done
default_base=mcr.microsoft.com/dotnet/runtime-deps:10.0

if [ -z "$engine" ]; then
  for e in podman docker; do
    if command -v "$e" >/dev/null && "$e" info >/dev/null 2>&1; then engine=$e; break; fi
  done
fi
[ -n "$engine" ] || { echo "image.sh: neither podman nor docker can run here (install podman: apt-get install podman)" >&2; exit 3; }

out=artifacts/image
if [ "$publish" = 1 ]; then
  rm -rf "$out/app"
  for project in src/LoadGen/Bench.LoadGen.csproj src/Servers/Bench.Servers.csproj; do
    dotnet publish "$project" -c Release -r linux-x64 --self-contained -o "$out/app" --nologo -v q -clp:ErrorsOnly
  done
fi
[ -x "$out/app/loadgen" ] && [ -x "$out/app/bench-server" ] || { echo "image.sh: $out/app lacks loadgen or bench-server (run without --no-publish)" >&2; exit 3; }
mkdir -p "$out/results"

# A base made of the libraries the published tools link against (ldd), plus an app user and /tmp.
host_base() {
  local root; root=$(mktemp -d)
  mkdir -p "$root/etc" "$root/tmp" "$root/lib64" "$root/lib/x86_64-linux-gnu"
  chmod 1777 "$root/tmp"
  for f in "$out/app/loadgen" "$out/app/bench-server" "$out/app"/*.so; do ldd "$f" 2>/dev/null || true; done \
    | awk '/=> \// {print $3} /^[ \t]*\/lib64\// {print $1}' | sort -u | while read -r lib; do
        case "$lib" in "$PWD"/*|"$out"/*|./*) continue ;; esac
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
      done
  printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > "$root/etc/passwd"
  printf 'root:x:0:\napp:x:1654:\n' > "$root/etc/group"
  tar -C "$root" -cf "$root.tar" .
  "$engine" import "$root.tar" localhost/bench-base-host:latest >/dev/null 2>&1
  rm -rf "$root" "$root.tar"
  echo localhost/bench-base-host:latest
}

if [ -z "$base" ]; then
  if "$engine" image exists "$default_base" 2>/dev/null || "$engine" pull -q "$default_base" >/dev/null 2>&1; then
    base=$default_base
  else
    echo "image.sh: cannot pull $default_base here; building the base from this machine's libraries (--base host)" >&2
    base=host
  fi
fi
[ "$base" = host ] && base=$(host_base)

"$engine" build -q -f Containerfile --build-arg "BASE=$base" -t "$tag" . >/dev/null
echo "image: $tag (base: $base, engine: $engine)"
