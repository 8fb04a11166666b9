#!/usr/bin/env bash
# Installs the real Python servers Bench compares its twins with (gunicorn, uvicorn, Flask, FastAPI)
# from Debian's packages. They belong to /usr/bin/python3, not to any python3 earlier on PATH, so
# every launch command uses /usr/bin/python3 explicitly (src/Servers/python/README.md).
# Packages already present are not reinstalled; when all are there, nothing runs.
# Prints what it installed, or that nothing was missing; the last line names the peers' Python.
set -euo pipefail
want=(gunicorn python3-flask python3-uvicorn python3-fastapi python3-starlette
      python3-websockets python3-uvloop python3-httptools)
missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup-peers: installed ${missing[*]}"
else
  echo "setup-peers: all peers already installed"
fi
# Fails (and says which module) when a package installed but its module does not import.
/usr/bin/python3 - <<'PY'
import importlib, sys
mods = ["gunicorn", "flask", "uvicorn", "fastapi", "starlette", "websockets", "uvloop", "httptools"]
versions = []
for m in mods:
    try:
        versions.append(f"{m} {getattr(importlib.import_module(m), '__version__', '?')}")
    except Exception as e:  # noqa: BLE001 - report any import failure by name
        sys.exit(f"setup-peers: /usr/bin/python3 cannot import {m}: {e}")
print(f"setup-peers: /usr/bin/python3 {sys.version.split()[0]}: " + ", ".join(versions))
PY
