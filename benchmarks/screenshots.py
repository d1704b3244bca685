"""Screenshots of the parts of a briefing site a reader looks at first, for before/after notes.

    python -m benchmarks.screenshots SITE OUT [--profile huaibei]

Writes OUT/{zh,en}-{grid,panel,profile}.png: the headline grid (the section under
"The headline indicators"), the first panel of the headline chart section, and the
top of one jurisdiction's profile, each in Debian's Chromium, offline.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")

# Sections by their position on page 02 (the ids are translated, the order is not).
SHOTS = {
    "grid": ("02_target_comparison.html", 0),
    "panel": ("02_target_comparison.html", 1),
}

_CLIP_JS = """(k) => {
  const hs = [...document.querySelectorAll('h2')];
  const a = hs[k], b = hs[k + 1];
  const top = a.getBoundingClientRect().top + window.scrollY;
  const end = b ? b.getBoundingClientRect().top + window.scrollY : document.body.scrollHeight;
  return {top: top, height: Math.min(end - top, 2400)};
}"""


def shoot(site: Path, out: Path, profile: str = "huaibei") -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 1000})
        for lang in ("zh", "en"):
            for name, (page_name, k) in SHOTS.items():
                page = ctx.new_page()
                page.goto((site / lang / page_name).as_uri())
                page.wait_for_timeout(1500)
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_timeout(1500)
                clip = page.evaluate(_CLIP_JS, k)
                target = out / f"{lang}-{name}.png"
                page.screenshot(path=str(target), full_page=True,
                                clip={"x": 0, "y": clip["top"], "width": 1280, "height": clip["height"]})
                written.append(target)
                page.close()
            page = ctx.new_page()
            matches = sorted((site / lang).glob(f"05_profile_{profile}*.html"))
            page.goto(matches[0].as_uri())
            page.wait_for_timeout(2500)
            target = out / f"{lang}-profile.png"
            page.screenshot(path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": 1280, "height": 2400})
            written.append(target)
            page.close()
        browser.close()
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--profile", default="huaibei")
    args = ap.parse_args(argv)
    for p in shoot(args.site.resolve(), args.out, args.profile):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
