"""Draw assets/icon.png, the browser tab icon (app.py): a white leaf on the theme's green.

Drawn here rather than downloaded, and served by the app itself: Streamlit's ``:material/...:``
page icon made every browser fetch it from fonts.gstatic.com (Google) on every load. Run
``.venv/bin/python assets/draw_icon.py`` to draw it again.
"""

from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

S, OUT = 768, 96  # drawn 8x bigger, then scaled down: smooth edges
green, white = (0x1F, 0x6F, 0x5C, 255), (255, 255, 255, 255)
img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
ImageDraw.Draw(img).rounded_rectangle((0, 0, S - 1, S - 1), radius=S // 5, fill=green)
# The leaf: where two big circles overlap (a lens), turned 45 degrees.
a = Image.new("L", (S, S), 0)
b = Image.new("L", (S, S), 0)
r, off = int(S * 0.42), int(S * 0.22)
c = S // 2
ImageDraw.Draw(a).ellipse((c - r - off, c - r, c + r - off, c + r), fill=255)
ImageDraw.Draw(b).ellipse((c - r + off, c - r, c + r + off, c + r), fill=255)
leaf = ImageChops.multiply(a, b)
vein = ImageDraw.Draw(leaf)
vein.line((c, int(S * 0.20), c, int(S * 0.86)), fill=0, width=S // 40)  # the middle vein
leaf = leaf.rotate(-45, resample=Image.BICUBIC, center=(c, c))
img.paste(white, (0, 0), leaf)
img.resize((OUT, OUT), Image.LANCZOS).save(Path(__file__).with_name("icon.png"), optimize=True)
