"""Dashboard bench: page weight and time to first render of the overview on the demo data.

    python bench/dashboard.py [--runs 15]

Starts the demo devnet as a user does, `teal up --fresh` (Ganache, the demo DAO of seed 7:
3 workstreams, 44 tasks, 7 proposals, 18 posts; indexed and served by `teal serve`), on free
ports with a temporary data folder, then loads each page in headless Chromium (Debian's,
driven by Playwright), a fresh browser context (cold cache) per run. Prints, per page: bytes transferred (the document plus everything it loads, from the
Performance API's resource timings), the number of requests, first-contentful-paint (median
and p90), and the server's answer time for the HTML alone (median, over httpx). The baseline
in the same run is `GET /health` (a tiny JSON document Chromium renders as text); the
overview's figures are also given as a ratio to it.

The overview is measured twice: with the wallet module (static/wallet.js, the only script)
loading as a visitor's browser does, and with its request blocked, which is what a visitor
with scripts off gets (the page itself is the same server-rendered HTML). The bundle's size
on disk and gzipped is printed beside them.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    body_bytes: nav.encodedBodySize + resources.reduce((sum, r) => sum + r.encodedBodySize, 0),
    requests: 1 + resources.length,
    fcp_ms: fcp ? fcp.startTime : null,
  };
}"""


def browser_figures(base: str, path: str, runs: int, *, scripts: bool = True) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for _ in range(runs + 1):  # the first run warms the browser and server up; dropped
            context = browser.new_context()
            if not scripts:
                context.route("**/dashboard/static/wallet.js*", lambda route: route.abort())
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
            samples.append(page.evaluate(MEASURE))
            context.close()
        browser.close()
    samples = samples[1:]
    fcps = sorted(s["fcp_ms"] for s in samples)
    return {
        "bytes": samples[-1]["bytes"],
        "body_bytes": samples[-1]["body_bytes"],
        "requests": samples[-1]["requests"],
        "fcp_median_ms": statistics.median(fcps),
        "fcp_p90_ms": fcps[max(0, int(0.9 * len(fcps)) - 1)],
    }


def server_ms(base: str, path: str, runs: int) -> float:
    import httpx

    with httpx.Client(base_url=base) as client:
        client.get(path)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(path).raise_for_status()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="page loads per page")
    args = parser.parse_args()

    import httpx
    from devnet import Devnet  # tests/devnet.py: `teal up` on free ports, shared with the tests

    with tempfile.TemporaryDirectory(prefix="teal-dash-bench-") as tmp:
        started = time.perf_counter()
        devnet = Devnet(Path(tmp), "bench", fresh=True).start()
        print(f"teal up ready in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        try:
            base = devnet.api_url
            teams = httpx.get(base + "/workstreams").json()["items"]
            busiest = max(teams, key=lambda t: int(t["budget"]["paid"]))  # the page with the most to draw
            tasks = httpx.get(base + "/tasks", params={"limit": 200}).json()["items"]
            pages = {
                "/health (baseline)": "/health",
                "/dashboard (overview)": "/dashboard",
                f"/dashboard/workstreams/{busiest['id']}": f"/dashboard/workstreams/{busiest['id']}",
            }
            results = {}
            for label, path in pages.items():
                results[label] = {
                    **browser_figures(base, path, args.runs),
                    "server_ms": server_ms(base, path, args.runs),
                }
            results["/dashboard, scripts off"] = {
                **browser_figures(base, "/dashboard", args.runs, scripts=False),
                "server_ms": results["/dashboard (overview)"]["server_ms"],
            }
        finally:
            devnet.stop()

    print(
        f"Demo DAO (teal up, seed 7): {len(teams)} workstreams, {len(tasks)} tasks; workstream page: {busiest['name']}"
    )
    print(f"Dashboard on the demo data, headless Chromium, {args.runs} cold loads per page")
    print(f"{'page':<28}{'bytes':>9}{'body':>9}{'reqs':>6}{'FCP med':>10}{'FCP p90':>10}{'server':>10}")
    for label, r in results.items():
        print(
            f"{label:<28}{r['bytes']:>9,}{r['body_bytes']:>9,}{r['requests']:>6}"
            f"{r['fcp_median_ms']:>8.1f}ms{r['fcp_p90_ms']:>8.1f}ms{r['server_ms']:>8.1f}ms"
        )
    base, overview = results["/health (baseline)"], results["/dashboard (overview)"]
    off = results["/dashboard, scripts off"]
    bundle = (ROOT / "api" / "http" / "dashboard" / "static" / "wallet.js").read_bytes()
    print(
        f"wallet bundle: {len(bundle):,} bytes, {len(gzip.compress(bundle, 9)):,} gzip; overview first-contentful-"
        f"paint {overview['fcp_median_ms']:.1f} ms with scripts, {off['fcp_median_ms']:.1f} ms without"
    )
    print(
        f"overview vs /health: {overview['bytes'] / base['bytes']:.1f}x bytes, "
        f"{overview['fcp_median_ms'] / base['fcp_median_ms']:.2f}x first-contentful-paint, "
        f"{overview['server_ms'] / base['server_ms']:.1f}x server time"
    )
    print(
        f"overview_bytes={overview['bytes']} overview_requests={overview['requests']} "
        f"overview_fcp_ms={overview['fcp_median_ms']:.1f} health_bytes={base['bytes']} "
        f"health_fcp_ms={base['fcp_median_ms']:.1f} fcp_ratio={overview['fcp_median_ms'] / base['fcp_median_ms']:.2f} "
        f"overview_server_ms={overview['server_ms']:.2f} overview_noscript_fcp_ms={off['fcp_median_ms']:.1f} "
        f"wallet_bundle_bytes={len(bundle)} wallet_bundle_gzip={len(gzip.compress(bundle, 9))}"
    )


if __name__ == "__main__":
    main()
