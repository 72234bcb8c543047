#!/usr/bin/env bash
# Kills `comptoir sync` with SIGKILL at random moments, RUNS times (default 1000), and checks
# after each kill that the shared file and the local database are intact and hold exactly the
# old state or the new one, and that the next sync converges with nothing lost.
#
#   scripts/sync-kill.sh [RUNS]
#
# The test suite does 20 such runs at the protocol's named points (tests/sync_files.rs); this
# script kills at arbitrary times instead, including mid-copy and mid-transaction.
set -euo pipefail
runs=${1:-1000}
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/comptoir
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

digest() { "$bin" check "$1" --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["integrity"], d["digest"])'; }

killed=0; finished=0
for run in $(seq 1 "$runs"); do
  d=$work/$run; mkdir -p "$d"
  "$bin" demo --no-open --ideas 30 --seed "$run" --db "$d/a.sqlite" 2>/dev/null
  "$bin" demo --no-open --ideas 30 --seed $((run + 100000)) --db "$d/b.sqlite" 2>/dev/null
  "$bin" --db "$d/b.sqlite" sync "$d/partage.sqlite" >/dev/null
  old_shared=$(digest "$d/partage.sqlite"); old_local=$(digest "$d/a.sqlite")
  "$bin" merge --into "$d/attendu.sqlite" "$d/partage.sqlite" "$d/a.sqlite" >/dev/null
  new=$(digest "$d/attendu.sqlite")

  "$bin" --db "$d/a.sqlite" sync "$d/partage.sqlite" >/dev/null 2>&1 &
  pid=$!
  sleep "0.$(printf '%03d' $((RANDOM % 400)))"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
  wait "$pid" 2>/dev/null || true

  now_shared=$(digest "$d/partage.sqlite"); now_local=$(digest "$d/a.sqlite")
  [[ $now_shared == "$old_shared" || $now_shared == "$new" ]] || { echo "run $run: shared file neither old nor new: $now_shared"; exit 1; }
  [[ $now_local == "$old_local" || $now_local == "$new" ]] || { echo "run $run: local neither old nor new: $now_local"; exit 1; }
  rm -f "$d/partage.sqlite.verrou"
  "$bin" --db "$d/a.sqlite" sync "$d/partage.sqlite" >/dev/null
  [[ $(digest "$d/a.sqlite") == "$new" && $(digest "$d/partage.sqlite") == "$new" ]] || { echo "run $run: no convergence"; exit 1; }
  rm -rf "$d"
done
echo "$runs runs: $killed killed mid-sync, $finished finished before the kill; all intact, old or new, and converged."
