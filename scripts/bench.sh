#!/usr/bin/env bash
# Runs the benchmarks (benches/comptoir.rs) and prints one table of ratios, each measured in
# the same run so that a shared, noisy machine does not skew it.
#
#   scripts/bench.sh            100 and 10 000 ideas (a few minutes)
#   scripts/bench.sh --full     100, 10 000 and 100 000 ideas, and 8 files of 12 500 ideas
#
# Then the whole commands of issue 23 (sync with nothing new, « retirer la clé », the central
# merge, demo and import), each against its reference in turns: scripts/bench-commands.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --full ]]; then export COMPTOIR_BENCH_FULL=1; fi
cargo bench --bench comptoir -- --warm-up-time 1 --measurement-time 3 >/dev/null
python3 - <<'PY'
import json, os, glob
root = "target/criterion"
def mean(group, name):
    p = os.path.join(root, group, name.replace("/", "_"), "new", "estimates.json")
    if not os.path.exists(p):
        # criterion keeps the function name and the parameter as nested folders
        parts = name.split("/")
        p = os.path.join(root, group, *parts, "new", "estimates.json")
    if not os.path.exists(p):
        return None
    return json.load(open(p))["mean"]["point_estimate"]
full = os.environ.get("COMPTOIR_BENCH_FULL")
sizes = [100, 10000] + ([100000] if full else [])
rows = []
for bench in ["ideas_list", "people_search", "people_search_ma", "budget_editor", "review_board"]:
    base = mean("per_key", f"{bench}/100")
    # « ma » finds 19 then 2 people at 100 ideas and fills the list beyond: unequal screens.
    goal = "(shown)" if bench == "people_search_ma" else "≤ 1.5×"
    for n in sizes[1:]:
        t = mean("per_key", f"{bench}/{n}")
        if base and t:
            rows.append((f"per key, {bench}, {n} vs 100 ideas", f"{t/base:.2f}×", goal, f"{base/1e3:.0f} µs → {t/1e3:.0f} µs"))
empty = mean("startup", "first_frame/0")
for n in sizes:
    t = mean("startup", f"first_frame/{n}")
    if empty and t:
        rows.append((f"start-up to first frame, {n} ideas vs empty", f"{t/empty:.2f}×", "≤ 2×", f"{empty/1e6:.1f} ms → {t/1e6:.1f} ms"))
per_file = 12500 if full else 125
c = mean("merge", f"plain_sqlite_copy/8x{per_file}")
for name, what in [("comptoir_merge", "plaintext"), ("comptoir_merge_encrypted", "encrypted")]:
    m = mean("merge", f"{name}/8x{per_file}")
    if m and c:
        rows.append((f"merge 8 {what} files × {per_file} ideas: speed vs plain SQLite copy", f"{c/m:.2f}×", "≥ 0.5×", f"{c/1e6:.0f} ms copy, {m/1e6:.0f} ms merge"))
f1 = mean("merge", f"first_sync/{per_file}")
f0 = mean("merge", f"nothing_new/{per_file}")
if f1 and f0:
    rows.append(("sync with nothing new vs first full sync", f"{f0/f1:.3f}×", "≤ 0.05×", f"{f1/1e6:.1f} ms → {f0/1e6:.2f} ms"))
w = max(len(r[0]) for r in rows)
print(f"{'measure'.ljust(w)}  ratio     goal      times")
for r in rows:
    print(f"{r[0].ljust(w)}  {r[1]:<9} {r[2]:<9} {r[3]}")
PY

echo
scripts/bench-commands.sh ${1:-}
