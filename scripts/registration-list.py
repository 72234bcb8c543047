#!/usr/bin/env python3
"""Writes a registration list as the online platform exports it (CSV, `;`), of N rows of
different people, for timing `comptoir import` (scripts/bench-commands.sh).

    scripts/registration-list.py N OUT.csv
"""
import json, random, sys, os

n, out = int(sys.argv[1]), sys.argv[2]
root = os.path.join(os.path.dirname(__file__), "..", "data", "communes-62.json")
communes = [c for c in json.load(open(root, encoding="utf-8"))["communes"]]
first = ["Camille", "Léa", "Manon", "Chloé", "Inès", "Lucas", "Hugo", "Théo", "Nathan", "Karim",
         "Mehdi", "Sylvie", "Françoise", "Gérard", "Aurélie", "Zoé"]
last = ["Lefebvre", "Leroy", "Dupont", "Lemaire", "Delattre", "Caron", "Vasseur", "Dubois",
        "Wattez", "Deldalle", "Benali", "Diallo", "Kowalski", "Nowak", "Hennebelle", "Poulain"]
rng = random.Random(2026)
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("Prénom;Nom;Courriel;Âge;Commune;Code postal;Accord RGPD\n")
    for i in range(n):
        c = rng.choice(communes)
        fn, ln = rng.choice(first), rng.choice(last)
        age = rng.randint(11, 90)
        consent = "oui" if rng.random() < 0.8 else "non"
        f.write(f"{fn};{ln}-{i};{fn.lower()}.{ln.lower()}{i}@exemple.fr;{age};{c['nom']};{c['codes_postaux'][0]};{consent}\n")
