#!/usr/bin/env bash
# Peak RSS (VmHWM) of the TUI on a base, after the first frame and a tour of the screens.
# Usage: scripts/peak-rss.sh BASE.sqlite  (after cargo build --release; needs tmux)
db=$1
tmux kill-session -t rss 2>/dev/null; sleep 0.3
bin="$(cd "$(dirname "$0")/.." && pwd)/target/release/comptoir"
tmux new-session -d -s rss -x 120 -y 40 "'$bin' --db '$db'; sleep 5"
for i in $(seq 1 200); do sleep 0.1; tmux capture-pane -p -t rss | grep -q "Accueil" && break; done
pid=$(pgrep -n -x comptoir)
for k in 4 Down Down Down 3 / m a r Escape 5 Down 1; do tmux send-keys -t rss "$k"; sleep 0.3; done
grep VmHWM /proc/$pid/status
tmux send-keys -t rss q
