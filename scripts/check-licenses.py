#!/usr/bin/env python3
"""Every crate that ships in the `ihub` binary carries a licence compatible with EUPL-1.2
and permissive for schools to deploy. Reads `cargo metadata` (no network)."""
import json, re, subprocess, sys

ALLOWED = {
    "MIT", "MIT-0", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
    "ISC", "Zlib", "MPL-2.0", "Unicode-3.0", "Unicode-DFS-2016", "CDLA-Permissive-2.0", "0BSD",
    "BSL-1.0", "CC0-1.0", "Unlicense", "EUPL-1.2",
}

def ok(expr: str) -> bool:
    expr = expr.replace("/", " OR ").strip()
    # Split on OR at the top level (parentheses are rare; strip them for a simple reading).
    for alt in re.split(r"\s+OR\s+", expr.replace("(", "").replace(")", "")):
        parts = [p.strip() for p in re.split(r"\s+AND\s+", alt)]
        if all(p in ALLOWED for p in parts):
            return True
    return False

meta = json.loads(subprocess.check_output(
    ["cargo", "metadata", "--format-version", "1", "--locked", "--offline"]
    if "--offline" in sys.argv else ["cargo", "metadata", "--format-version", "1", "--filter-platform", "x86_64-unknown-linux-gnu"]))
pkgs = {p["id"]: p for p in meta["packages"]}
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
root = next(p["id"] for p in meta["packages"] if p["name"] == "ihub")

# Walk normal and build dependencies only: what ships (dev-dependencies are test tools).
seen, stack = set(), [root]
while stack:
    cur = stack.pop()
    if cur in seen:
        continue
    seen.add(cur)
    for d in nodes[cur]["deps"]:
        if any(k["kind"] in (None, "build") for k in d["dep_kinds"]):
            stack.append(d["pkg"])

bad = []
for pid in sorted(seen, key=lambda i: pkgs[i]["name"]):
    p = pkgs[pid]
    lic = p.get("license") or ""
    if not lic or not ok(lic):
        bad.append(f"{p['name']} {p['version']}: {lic or 'no licence declared'}")
if bad:
    print("Crates with licences outside the allowed list:\n  " + "\n  ".join(bad))
    sys.exit(1)
print(f"licences OK: {len(seen)} crates ship, all under permissive licences compatible with EUPL-1.2")
