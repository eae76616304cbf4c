#!/usr/bin/python3
"""Render a `tmux capture-pane -p -e` capture (text with SGR colours) to a PNG on an exact cell grid.

DejaVu Sans Mono for text, Noto Sans CJK for wide characters, box-drawing and block characters
drawn as shapes so that lines join. Usage: ansi2png.py CAPTURE.ansi OUT.png COLUMNS ROWS
"""
import re
import sys
import unicodedata

from PIL import Image, ImageDraw, ImageFont

CELL_W, CELL_H, FONT_SIZE = 10, 20, 16
PALETTE = [
    (40, 42, 54), (220, 80, 80), (80, 200, 120), (230, 190, 80),
    (90, 140, 230), (200, 110, 210), (80, 200, 210), (220, 220, 220),
    (100, 100, 110), (255, 110, 110), (120, 230, 150), (255, 220, 120),
    (130, 170, 255), (230, 150, 240), (120, 230, 240), (255, 255, 255),
]
DEFAULT_FG, DEFAULT_BG = (220, 220, 220), (24, 26, 33)


def font(paths, size):
    for path in paths:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


MONO = font(["/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"], FONT_SIZE)
MONO_BOLD = font(["/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"], FONT_SIZE)
CJK = font(["/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc"], FONT_SIZE)


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        return tuple(0 if c == 0 else 55 + c * 40 for c in (n // 36, n // 6 % 6, n % 6))
    g = 8 + (n - 232) * 10
    return (g, g, g)


def parse(text, columns, rows):
    grid = [[(" ", DEFAULT_FG, DEFAULT_BG, False, 1) for _ in range(columns)] for _ in range(rows)]
    for y, line in enumerate(text.split("\n")[:rows]):
        fg, bg, bold, dim, reverse = None, None, False, False, False
        x = 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in token[2:-1].split(";")] or [0]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, bold, dim, reverse = None, None, False, False, False
                    elif c == 1:
                        bold = True
                    elif c == 2:
                        dim = True
                    elif c == 7:
                        reverse = True
                    elif c in (22,):
                        bold = dim = False
                    elif c == 27:
                        reverse = False
                    elif 30 <= c <= 37:
                        fg = PALETTE[c - 30]
                    elif 90 <= c <= 97:
                        fg = PALETTE[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = PALETTE[c - 40]
                    elif 100 <= c <= 107:
                        bg = PALETTE[c - 100 + 8]
                    elif c == 39:
                        fg = None
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        value = color256(codes[i + 2])
                        fg, bg = (value, bg) if c == 38 else (fg, value)
                        i += 2
                    elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                        value = tuple(codes[i + 2:i + 5])
                        fg, bg = (value, bg) if c == 38 else (fg, value)
                        i += 4
                    i += 1
                continue
            for ch in token:
                if x >= columns:
                    break
                width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
                f, b = fg or DEFAULT_FG, bg or DEFAULT_BG
                if reverse:
                    f, b = b, f
                if dim:
                    f = tuple(int(v * 0.6 + d * 0.4) for v, d in zip(f, b))
                grid[y][x] = (ch, f, b, bold, width)
                if width == 2 and x + 1 < columns:
                    grid[y][x + 1] = ("", f, b, bold, 0)
                x += width
    return grid


def draw_box(draw, ch, x, y, color):
    cx, cy = x + CELL_W // 2, y + CELL_H // 2
    right, down, left, up = {
        "─": (1, 0, 1, 0), "│": (0, 1, 0, 1), "┌": (1, 1, 0, 0), "┐": (0, 1, 1, 0),
        "└": (1, 0, 0, 1), "┘": (0, 0, 1, 1), "├": (1, 1, 0, 1), "┤": (0, 1, 1, 1),
    }[ch]
    if right:
        draw.line([(cx, cy), (x + CELL_W, cy)], fill=color, width=2)
    if left:
        draw.line([(x, cy), (cx, cy)], fill=color, width=2)
    if down:
        draw.line([(cx, cy), (cx, y + CELL_H)], fill=color, width=2)
    if up:
        draw.line([(cx, y), (cx, cy)], fill=color, width=2)


def main():
    source, out, columns, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    grid = parse(open(source, encoding="utf-8").read(), columns, rows)
    image = Image.new("RGB", (columns * CELL_W + 16, rows * CELL_H + 16), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(grid):
        for x, (ch, fg, bg, bold, width) in enumerate(row):
            px, py = 8 + x * CELL_W, 8 + y * CELL_H
            if width == 0:
                continue
            draw.rectangle([px, py, px + CELL_W * width - 1, py + CELL_H - 1], fill=bg)
            if ch in "─│┌┐└┘├┤":
                draw_box(draw, ch, px, py, fg)
            elif ch == "▏":
                draw.line([(px + 1, py + 2), (px + 1, py + CELL_H - 2)], fill=fg, width=2)
            elif ch.strip():
                face = CJK if width == 2 else (MONO_BOLD if bold else MONO)
                draw.text((px, py + 1), ch, font=face, fill=fg)
    image.save(out)


if __name__ == "__main__":
    main()
