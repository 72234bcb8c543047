#!/usr/bin/env bash
# Screenshots of every screen of the real binary on the demo data: comptoir runs in tmux at
# 100x30, each screen is captured with its colours (capture-pane -e) and drawn to a PNG in
# screenshots/ by scripts/ansi_png.py. Reproducible: the demo follows its seed.
#
#   scripts/screenshots.sh          (needs tmux, python3 with Pillow, the DejaVu fonts)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux; }
python3 -c "import PIL" 2>/dev/null || pip install --quiet pillow
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || { apt-get update -qq && apt-get install -y -qq fonts-dejavu-core; }
cargo build --release --quiet
bin=$PWD/target/release/comptoir
work=$(mktemp -d)
sock=comptoir-screens-$$
trap 'tmux -L $sock kill-server 2>/dev/null; rm -rf "$work"' EXIT
"$bin" demo --no-open --db "$work/demo.sqlite" 2>/dev/null
cols=100; rows=30
tmux -L $sock new-session -d -x $cols -y $rows -s s "TERM=xterm-256color $bin --db $work/demo.sqlite"
wait_for() { for _ in $(seq 1 100); do tmux -L $sock capture-pane -p -t s | grep -q "$1" && return 0; sleep 0.05; done; echo "« $1 » never appeared" >&2; tmux -L $sock capture-pane -p -t s >&2; exit 1; }
shot() {
  wait_for "$2"
  tmux -L $sock capture-pane -e -p -t s > "$work/$1.ansi"
  python3 scripts/ansi_png.py "$work/$1.ansi" "screenshots/$1.png" $cols $rows
  echo "screenshots/$1.png"
}
keys() { tmux -L $sock send-keys -t s "$@"; }
mkdir -p screenshots
shot 1-accueil "Idées par territoire"
keys 2; shot 2-comptoirs "Part."
keys c 3; shot 3-participants "Comptoirs"
keys d; shot 3c-doublons "Doublons probables"
keys Escape; sleep 0.3
keys i; keys "Léa" Tab "Martin" Tab 1 Tab "cal"; shot 3b-inscription-rapide "Calais"
# Échap closes the suggestions, Échap again asks to drop the entry: o.
keys Escape; sleep 0.3; keys Escape; sleep 0.3; keys o; sleep 0.3
keys 4; shot 4-idees "Demandé"
keys Enter; shot 4c-fiche-idee "Cadre juridique"
keys Escape; sleep 0.3
keys p; shot 4d-porteurs "Porteurs · "
keys Escape; sleep 0.3
keys h; shot 4e-historique "Historique"
keys Escape; sleep 0.3
keys b; shot 4b-budget "Demandé au Budget citoyen"
keys Escape; sleep 0.3; keys 5; shot 5-maturite "Maturité des idées"
keys Enter; shot 5b-revue "Recommandation"
keys Escape; sleep 0.3; keys 6; shot 6-synchronisation "Fichier partagé"
keys F1; shot 7-aide "Aide"
