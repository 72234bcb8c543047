#!/usr/bin/env python3
"""Renders a terminal capture (tmux capture-pane -e) to a PNG, cell by cell, with the 16 ANSI
colours of a light palette, bold, underline and reverse video. Used by screenshots.sh."""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

PALETTE = [
    (0, 0, 0), (170, 0, 0), (0, 130, 0), (150, 110, 0), (0, 60, 170), (150, 0, 150), (0, 130, 150), (200, 200, 200),
    (110, 110, 110), (220, 50, 50), (40, 170, 40), (190, 150, 0), (60, 110, 220), (190, 60, 190), (30, 160, 180), (255, 255, 255),
]
FG, BG = (30, 30, 30), (250, 250, 245)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def cells(line):
    """(char, fg, bg, bold, underline, reverse) for each character of a captured line."""
    state = {"fg": None, "bg": None, "bold": False, "ul": False, "rev": False}
    pos = 0
    for m in SGR.finditer(line):
        for ch in line[pos:m.start()]:
            yield ch, dict(state)
        codes = [int(c) if c.isdigit() else 0 for c in re.split("[;:]", m.group(1) or "0")]
        i = 0
        while i < len(codes):
            c = codes[i]
            if c == 0:
                state.update(fg=None, bg=None, bold=False, ul=False, rev=False)
            elif c == 1:
                state["bold"] = True
            elif c == 4:
                state["ul"] = True
            elif c == 7:
                state["rev"] = True
            elif c == 22:
                state["bold"] = False
            elif c == 24:
                state["ul"] = False
            elif c == 27:
                state["rev"] = False
            elif 30 <= c <= 37:
                state["fg"] = PALETTE[c - 30]
            elif 90 <= c <= 97:
                state["fg"] = PALETTE[c - 90 + 8]
            elif c == 39:
                state["fg"] = None
            elif 40 <= c <= 47:
                state["bg"] = PALETTE[c - 40]
            elif 100 <= c <= 107:
                state["bg"] = PALETTE[c - 100 + 8]
            elif c == 49:
                state["bg"] = None
            elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                n = codes[i + 2]
                colour = PALETTE[n] if n < 16 else (128, 128, 128)
                state["fg" if c == 38 else "bg"] = colour
                i += 2
            i += 1
        pos = m.end()
    for ch in line[pos:]:
        yield ch, dict(state)


def render(text, out, cols, rows):
    size = 16
    font = ImageFont.truetype(FONT, size)
    bold = ImageFont.truetype(BOLD, size)
    cw = int(font.getlength("M"))
    ch = size + 4
    img = Image.new("RGB", (cols * cw + 16, rows * ch + 16), BG)
    draw = ImageDraw.Draw(img)
    for y, line in enumerate(text.split("\n")[:rows]):
        x = 0
        for char, st in cells(line):
            fg, bg = st["fg"] or FG, st["bg"] or BG
            if st["rev"]:
                fg, bg = bg, fg
            px, py = 8 + x * cw, 8 + y * ch
            if bg != BG:
                draw.rectangle([px, py, px + cw, py + ch], fill=bg)
            draw.text((px, py + 1), char, font=bold if st["bold"] else font, fill=fg)
            if st["ul"]:
                draw.line([px, py + ch - 2, px + cw, py + ch - 2], fill=fg)
            x += 1
    img.save(out)


if __name__ == "__main__":
    src, out, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    render(open(src, encoding="utf-8").read(), out, cols, rows)
