#!/bin/bash
# report_html_screenshot.sh - renders report.html in headless Chromium
# (Debian package chromium; skipped with 77 when it is missing) and checks
# the picture: a real page, not blank, styled (the inline CSS passed the
# page's Content-Security-Policy: the dark header and the red alert colour
# are there), with the charts drawn. The PNG is kept as
# $VM_BIN/report_screenshot.png for a person to look at.
source "$(dirname "$0")/report_lib.bash"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "skip: chromium is not installed (apt-get install chromium)"
    exit 77
fi

RUN="$WORK/run"
python3 "$FIXTURE" "$RUN" --lexicons "$WORK/lex" --incident 2 --hostile
vocmine-report --out "$RUN" --db "$WORK/db" --lexicons "$WORK/lex" --quiet

PNG="$WORK/shot.png"
timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$WORK/profile" --screenshot="$PNG" --window-size=1280,2000 \
    "file://$RUN/report.html" >"$WORK/chromium.log" 2>&1 || fail "chromium failed: $(tail -3 "$WORK/chromium.log")"
[ -s "$PNG" ] || fail "no screenshot written"
cp "$PNG" "$VM_BIN/report_screenshot.png" 2>/dev/null || true

python3 - "$PNG" <<'PY' || fail "screenshot check"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n": sys.exit("not a PNG")
if len(data) < 30000: sys.exit("PNG only %d bytes: an empty page?" % len(data))
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR": ihdr = struct.unpack(">IIBBBBB", body)
    if kind == b"IDAT": idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
if (w, h) != (1280, 2000): sys.exit("size %dx%d" % (w, h))
if depth != 8 or ctype not in (2, 6): sys.exit("unexpected PNG format %d/%d" % (depth, ctype))
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colors, counts = set(), {}
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 2: continue
    for x in range(0, w, 2):
        px = bytes(line[x * bpp:x * bpp + 3])
        colors.add(px)
        counts[px] = counts.get(px, 0) + 1
total = sum(counts.values())
top = max(counts.values())
if len(colors) < 100: sys.exit("only %d colours: not a rendered report" % len(colors))
if top > 0.9 * total: sys.exit("one colour covers %.0f%% of the page" % (100.0 * top / total))
need = {"dark header #0f172a (CSS applied)": b"\x0f\x17\x2a", "alert red #dc2626": b"\xdc\x26\x26",
        "bar blue #2563eb": b"\x25\x63\xeb", "page background #f1f5f9": b"\xf1\xf5\xf9"}
for what, px in need.items():
    if counts.get(px, 0) < 200: sys.exit("missing " + what)
print("ok: %d colours, largest colour %.0f%% of the page" % (len(colors), 100.0 * top / total))
PY
ok "report.html renders in Chromium"
