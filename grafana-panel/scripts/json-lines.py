#!/usr/bin/env python3
"""Re-prints a JSON list read from stdin with one element per line (compact, diff-friendly).
The values are not changed: graphite-web's answer is kept as it was."""
import json, sys
data = json.load(sys.stdin)
if not isinstance(data, list):
    raise SystemExit("expected a JSON list, got " + type(data).__name__)
sys.stdout.write("[\n" + ",\n".join(json.dumps(x, separators=(",", ":")) for x in data) + "\n]\n")
