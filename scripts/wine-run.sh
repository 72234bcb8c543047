#!/usr/bin/env bash
# Cargo's runner for the Windows target (.cargo/config.toml): runs a Windows program (a test
# binary, comptoir.exe) under Wine, with the one thing Wine 8 lacks for Rust programs
# (ProcessPrng in bcryptprimitives.dll) built here from source, beside the program.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
exe="$1"
shift
dll="$root/target/wine/bcryptprimitives.dll"
if [ ! -f "$dll" ]; then
  mkdir -p "$(dirname "$dll")"
  x86_64-w64-mingw32-gcc -shared -O2 -s -o "$dll" "$root/scripts/wine/bcryptprimitives.c" -ladvapi32
fi
# A program loads a DLL from its own folder first; the test binaries start comptoir.exe from
# target/<target>/debug/, and they live in its deps/.
for dir in "$(dirname "$exe")" "$(dirname "$(dirname "$exe")")"; do
  [ -f "$dir/bcryptprimitives.dll" ] || cp "$dll" "$dir/"
done
export WINEPREFIX="$root/target/wine/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="bcryptprimitives=n,b"
# The tests speak French whatever the machine's locale, as under Linux.
export COMPTOIR_LANG="${COMPTOIR_LANG:-fr}"
exec wine "$exe" "$@"
