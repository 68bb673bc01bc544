#!/usr/bin/env python3
"""Copies the OCSF schema files lakeproof needs from a checkout of ocsf/ocsf-schema into
scenarios/ocsf/schema: the dictionary, the categories, the event classes the mappings use, their
parent classes, the profiles they include, and every object they reference, transitively.

    git clone https://github.com/ocsf/ocsf-schema && git -C ocsf-schema checkout 1.8.0
    python3 harness/ocsf/vendor_schema.py ocsf-schema scenarios/ocsf/schema

Prints the files copied; rerun after adding a class to CLASSES.
"""

import json
import shutil
import sys
from pathlib import Path

# The event classes lakeproof's mappings write (file stems under events/).
CLASSES = [
    "authentication",
    "account_change",
    "group_management",
    "process_activity",
    "api_activity",
    "network_activity",
    "dns_activity",
]


def main(src: Path, out: Path) -> None:
    dictionary = json.loads((src / "dictionary.json").read_text())["attributes"]
    events = {p.stem: p for p in (src / "events").rglob("*.json")}
    objects = {json.loads(p.read_text())["name"]: p for p in (src / "objects").glob("*.json")}
    wanted = set()
    todo = [events[c] for c in CLASSES]
    while todo:
        path = todo.pop()
        if path in wanted:
            continue
        wanted.add(path)
        doc = json.loads(path.read_text())
        parent = doc.get("extends")
        if parent:
            todo.append(events[parent] if path.is_relative_to(src / "events") else objects[parent])
        for p in doc.get("profiles", []):
            todo.append(src / "profiles" / f"{p}.json")
        attrs = doc.get("attributes", {})
        for inc in attrs.get("$include", []):
            todo.append(src / inc)
        for name, a in attrs.items():
            if name == "$include":
                continue
            ty = a.get("type") or dictionary.get(name, {}).get("type", "")
            if ty in objects:
                todo.append(objects[ty])
    wanted |= {src / "dictionary.json", src / "categories.json", src / "version.json"}
    copied = sorted(p.relative_to(src) for p in wanted)
    for rel in copied:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / rel, out / rel)
        print(rel)
    for legal in ("LICENSE", "NOTICE"):
        shutil.copyfile(src / legal, out / legal)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
