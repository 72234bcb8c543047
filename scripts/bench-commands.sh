#!/usr/bin/env bash
# Issue 23's figures, as a facilitator waits for them: whole commands of the release build,
# each timed against its reference in turns (A B A B …, so that a shared, noisy machine drifts
# alike for both), the median of the pair ratios printed. Nothing here runs in CI.
#
#   scripts/bench-commands.sh          100 and 10 000 ideas (a few minutes)
#   scripts/bench-commands.sh --full   100, 10 000 and 100 000 ideas, 8 files of 12 500 (long:
#                                      the 100 000-idea demo and its first sync take minutes
#                                      each; RUNS=1 WARMUP=0 keeps it near an hour)
set -euo pipefail
# Shared files are encrypted: the syncs timed here use a campaign passphrase of their own.
export COMPTOIR_PHRASE="${COMPTOIR_PHRASE:-phrase de campagne des mesures}"
cd "$(dirname "$0")/.."
sizes=(100 10000)
per_file=125
if [[ ${1:-} == --full ]]; then sizes=(100 10000 100000); per_file=12500; fi
# One part alone: SIZES="100000" PER_FILE=12500 (PER_FILE=0: no merge, no « retirer la clé »).
# SIZES=0: the merge part alone.
if [[ -n ${SIZES:-} ]]; then read -r -a sizes <<< "$SIZES"; fi
if [[ ${sizes[*]} == 0 ]]; then sizes=(); fi
per_file=${PER_FILE:-$per_file}
runs=${RUNS:-5}
warmup=${WARMUP:-1}
cargo build --release --bin comptoir --example plain_insert --example plain_copy >&2
bin=$PWD/target/release/comptoir
ex=$PWD/target/release/examples
work=${BENCH_DIR:-target/bench-commands}
mkdir -p "$work"
work=$(cd "$work" && pwd)

# The clock read by the shell itself, in ns, into $T (no process nor subshell started around
# each command).
stamp() { T=${EPOCHREALTIME/[.,]/}000; }
# pair A B [SETUP_A SETUP_B]: runs each in turn $runs times after one warm-up of each (none
# with WARMUP=0), each SETUP run untimed just before its command (and the disk flushed, so
# that neither side waits on what the setup wrote); prints "median(A/B) median(A) median(B)"
# (seconds).
pair() {
  local a=$1 b=$2 sa=${3:-true} sb=${4:-true} ratios=() ta=() tb=() t0 t1 t2 t3
  # Each command is run by this shell as a user's shell runs it (no `sh -c` around it).
  if [[ $warmup != 0 ]]; then
    eval "$sa; $a" >/dev/null 2>&1 || true
    eval "$sb; $b" >/dev/null 2>&1 || true
  fi
  for _ in $(seq "$runs"); do
    eval "$sa" >/dev/null 2>&1 || true; sync
    stamp; t0=$T; eval "$a" >/dev/null 2>&1 || true; stamp; t1=$T
    eval "$sb" >/dev/null 2>&1 || true; sync
    stamp; t2=$T; eval "$b" >/dev/null 2>&1 || true; stamp; t3=$T
    ta+=($((t1 - t0))); tb+=($((t3 - t2)))
    ratios+=("$(python3 -c "print($((t1 - t0)) / $((t3 - t2)))")")
  done
  python3 - "${#ratios[@]}" "${ratios[@]}" "${ta[@]}" "${tb[@]}" <<'PY'
import sys, statistics as st
n = int(sys.argv[1]); v = sys.argv[2:]
r = [float(x) for x in v[:n]]; a = [int(x) / 1e9 for x in v[n:2 * n]]; b = [int(x) / 1e9 for x in v[2 * n:]]
print(f"{st.median(r):.3f} {st.median(a):.4f} {st.median(b):.4f}")
PY
}
row() { printf '%-62s %9s %9s   %s\n' "$1" "$2" "$3" "$4"; }
row "measure (whole commands, median of $runs pairs)" "ratio" "goal" "A / B medians"

for n in "${sizes[@]+"${sizes[@]}"}"; do
  d=$work/demo-$n
  mkdir -p "$d"
  # 4. demo: its rate against a plain INSERT of the same rows (B/A: ≥ 0.2 wanted)
  [[ -f $d/ref.sqlite ]] || "$bin" demo --ideas "$n" --no-open --db "$d/ref.sqlite" 2>/dev/null
  read -r r a b < <(pair "$bin demo --ideas $n --no-open --db $d/x.sqlite" \
    "$ex/plain_insert $d/ref.sqlite $d/plain.sqlite" "rm -f $d/x.sqlite*")
  row "4. demo --ideas $n: rate vs plain INSERT of its rows" "$(python3 -c "print(f'{1/$r:.2f}×')")" "≥ 0.2×" "$a s / $b s"
  # 4. import of a list of as many rows as ideas ×1 (100 000 with --full)
  python3 scripts/registration-list.py "$n" "$d/list.csv"
  [[ -f $d/empty.sqlite ]] || "$bin" demo --ideas 0 --no-open --db "$d/empty.sqlite" 2>/dev/null
  [[ -f $d/imported.sqlite ]] || { cp "$d/empty.sqlite" "$d/imported.sqlite"; "$bin" import --db "$d/imported.sqlite" "$d/list.csv" >/dev/null 2>&1; }
  read -r r a b < <(pair "$bin import --db $d/i.sqlite $d/list.csv" \
    "$ex/plain_insert $d/imported.sqlite $d/plain-i.sqlite" \
    "cp $d/empty.sqlite $d/i.sqlite; rm -f $d/i.sqlite-*")
  row "4. import of a $n-row list: rate vs plain INSERT of its rows" "$(python3 -c "print(f'{1/$r:.2f}×')")" "≥ 0.2×" "$a s / $b s"
  # 1. sync with nothing new against the first full sync (a key that does not exist yet)
  cp "$d/ref.sqlite" "$d/laptop.sqlite"; rm -f "$d/laptop.sqlite-"*
  "$bin" sync --db "$d/laptop.sqlite" "$d/cle-vue.sqlite" >/dev/null 2>&1
  read -r r a b < <(pair "$bin sync --db $d/laptop.sqlite $d/cle-vue.sqlite" \
    "$bin sync --db $d/laptop.sqlite $d/cle-neuve.sqlite" true "rm -f $d/cle-neuve.sqlite")
  row "1. sync with nothing new vs first full sync, $n ideas" "$r×" "≤ 0.05×" "$a s / $b s"
done

if [[ $per_file == 0 ]]; then exit 0; fi

# 2. time to « retirer la clé »: a laptop of 150 ideas (302 people, 448 budget lines) that
# registered two people since its last sync, against a plain copy of its key with fsync.
# Made anew at each run: the laptop has synced with this very build before (it keeps what a
# laptop keeps between syncs, such as the key derived for its key).
d=$work/retirer
rm -rf "$d"
mkdir -p "$d"
if [[ ! -f $d/laptop.tpl ]]; then
  "$bin" demo --ideas 150 --no-open --db "$d/laptop.sqlite" 2>/dev/null
  "$bin" sync --db "$d/laptop.sqlite" "$d/cle.sqlite" >/dev/null
  printf 'Prénom;Nom;Âge;Commune\nLéa;Nouvelle;34;Arras\nKarim;Nouveau;41;Lens\n' > "$d/venus.csv"
  "$bin" import --db "$d/laptop.sqlite" "$d/venus.csv" >/dev/null
  cp "$d/laptop.sqlite" "$d/laptop.tpl"; cp "$d/cle.sqlite" "$d/cle.tpl"
fi
# Only the commands are timed: the templates are put back before each, untimed.
read -r r a b < <(pair "$bin sync --db $d/laptop.sqlite $d/cle.sqlite" \
  "cp $d/cle2.sqlite $d/copie.sqlite && sync $d/copie.sqlite" \
  "cp $d/laptop.tpl $d/laptop.sqlite; rm -f $d/laptop.sqlite-*; cp $d/cle.tpl $d/cle.sqlite" \
  "cp $d/cle.tpl $d/cle2.sqlite; rm -f $d/copie.sqlite")
row "2. « retirer la clé » (150 ideas, 2 new people) vs cp + sync FILE" "$r×" "≤ 3×" "$a s / $b s"

# 3. central merge of 8 laptops' files against a plain SQLite copy of the same rows
d=$work/merge-$per_file
mkdir -p "$d"
files=()
for i in 0 1 2 3 4 5 6 7; do
  f=$d/portable-$i.sqlite
  if [[ ! -f $f ]]; then
    "$bin" demo --ideas "$per_file" --seed "$i" --no-open --db "$d/laptop-$i.sqlite" 2>/dev/null
    "$bin" sync --db "$d/laptop-$i.sqlite" "$f" >/dev/null
  fi
  files+=("$f")
done
read -r r a b < <(pair "$bin merge --into $d/centrale.sqlite ${files[*]}" \
  "$ex/plain_copy $d/copie.sqlite ${files[*]}" "rm -f $d/centrale.sqlite")
row "3. merge --into, 8 files × $per_file ideas: speed vs plain copy" "$(python3 -c "print(f'{1/$r:.2f}×')")" "≥ 0.8×" "$a s / $b s"

# 1. again at $per_file ideas: the first laptop of the merge and its key
read -r r a b < <(pair "$bin sync --db $d/laptop-0.sqlite $d/portable-0.sqlite" \
  "$bin sync --db $d/laptop-0.sqlite $d/cle-neuve.sqlite" true "rm -f $d/cle-neuve.sqlite")
row "1. sync with nothing new vs first full sync, $per_file ideas" "$r×" "≤ 0.05×" "$a s / $b s"
