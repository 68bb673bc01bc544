#!/usr/bin/env python3
"""SigmaHQ rules -> a lakeproof workload profile, with pySigma.

Run by `lakeproof sigma compile` (which passes the arguments); readable alone. pySigma parses
each rule, applies its Windows audit pipeline (Sysmon-style `process_creation` rules become
Security 4688 with NewProcessName/ParentProcessName) and a pipeline built from the mapping file
(scenarios/sigma/lakeproof.toml: which table holds a log source, which column a field is). The
SQL comes from `LakeproofBackend`, a pySigma TextQueryBackend: one query per rule in lakeproof's
dialect placeholders, so the same file runs on DataFusion, DuckDB, chDB and Spark. Sigma string
matching is case-insensitive: equality compares LOWER(column) with the lower-cased value,
wildcards and modifiers become `(?i)` regular expressions (the one pattern syntax the four
engines share; LIKE escapes differ between them). A comparison on a missing value is false, so
`not filter` keeps events without the field, as Sigma means it.

Output (deterministic: same rules and mapping, same bytes): <out>/<rule>.sql, <out>/profile.toml,
<out>/compile-report.json (every rule: converted, or why not).
"""

import argparse
import json
import re
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from sigma.collection import SigmaCollection
from sigma.conditions import ConditionAND, ConditionNOT, ConditionOR
from sigma.conversion.base import TextQueryBackend
from sigma.exceptions import SigmaError, SigmaFeatureNotSupportedByBackendError
from sigma.pipelines.windows import windows_audit_pipeline
from sigma.processing.conditions import LogsourceCondition
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import SetStateTransformation
from sigma.types import SigmaNumber, SigmaString, SpecialChars

TYPES = ("str", "int", "bool")
# Characters with a meaning in the regular expressions of RE2 (DuckDB, ClickHouse), Rust's regex
# (DataFusion) and Java (Spark); escaped when they are literal in a Sigma value.
REGEX_META = set("\\.^$|?*+()[]{}")


class MappingError(Exception):
    pass


def line_of(text, section, key):
    """1-based line of `key =` in the section-th `[[logsource]]` (tomllib keeps no positions)."""
    seen = -1
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped == "[[logsource]]":
            seen += 1
        elif seen == section and re.match(rf'^"?{re.escape(key)}"?\s*=', stripped):
            return n
    return None


def load_mapping(path):
    """The mapping file, checked: every field names a column and a known type."""
    text = Path(path).read_text()
    try:
        m = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MappingError(f"{path}: {e}")
    sources = []
    for i, ls in enumerate(m.get("logsource", [])):
        where = f"{path}: [[logsource]] #{i + 1}"
        for k in ("table", "time", "key", "fields"):
            if k not in ls:
                raise MappingError(f"{where}: missing `{k}`")
        unknown = sorted(set(ls) - {"product", "service", "category", "table", "time", "key",
                                    "fields", "extra", "absent"})
        if unknown:
            raise MappingError(f"{path}:{line_of(text, i, unknown[0])}: [[logsource]] #{i + 1}: "
                               f"unknown key `{unknown[0]}`")
        fields = {}
        for name, spec in ls["fields"].items():
            expr, _, typ = spec.rpartition(":")
            if typ not in TYPES or not expr:
                raise MappingError(
                    f"{path}:{line_of(text, i, name)}: [[logsource]] #{i + 1} ({ls['table']}): "
                    f"field {name} = \"{spec}\": "
                    f"expected \"column:type\" with type one of {', '.join(TYPES)}"
                )
            fields[name] = (expr, typ)
        sources.append({**ls, "fields": fields, "absent": set(ls.get("absent", []))})
    return sources, m.get("attacks", {})


def pipeline(sources):
    """Which mapping entry a rule's log source is: pySigma state `lakeproof_source`."""
    items = []
    for i, ls in enumerate(sources):
        cond = {k: ls[k] for k in ("product", "service", "category") if k in ls}
        items.append(
            ProcessingItem(
                identifier=f"lakeproof_{ls['table']}_{i}",
                transformation=SetStateTransformation("lakeproof_source", i),
                rule_conditions=[LogsourceCondition(**cond)],
            )
        )
    return ProcessingPipeline(name="lakeproof native tables", priority=50, items=items)


def lit(text):
    """A string literal through the dialect placeholder (engines escape backslashes differently)."""
    if "{{" in text or "}}" in text:
        raise SigmaFeatureNotSupportedByBackendError("value holds `{{` or `}}`")
    return "{{lit(" + text + ")}}"


def regex_of(value: SigmaString) -> str:
    out = []
    for part in value.s:
        if part == SpecialChars.WILDCARD_MULTI:
            out.append(".*")
        elif part == SpecialChars.WILDCARD_SINGLE:
            out.append(".")
        elif isinstance(part, str):
            out.append("".join("\\" + c if c in REGEX_META else c for c in part))
        else:
            raise SigmaFeatureNotSupportedByBackendError(f"special value part {part}")
    return "".join(out)


class LakeproofBackend(TextQueryBackend):
    """SQL for lakeproof's native tables in its dialect placeholders (one query, four engines)."""

    name = "lakeproof"
    formats = {"default": "lakeproof workload SQL"}
    requires_pipeline = True
    precedence = (ConditionNOT, ConditionAND, ConditionOR)
    group_expression = "({expr})"
    token_separator = " "
    or_token = "OR"
    and_token = "AND"
    not_token = "NOT"
    eq_token = " = "
    str_quote = "'"
    escape_char = "\\"
    wildcard_multi = "%"
    wildcard_single = "_"
    convert_or_as_in = False
    convert_and_as_in = False

    def __init__(self, sources, **kw):
        super().__init__(**kw)
        self.sources = sources

    def source(self, state):
        i = state.processing_state.get("lakeproof_source")
        if i is None:
            raise SigmaFeatureNotSupportedByBackendError("log source not in the lake")
        return self.sources[i]

    def column(self, field, state):
        ls = self.source(state)
        if field in ls["fields"]:
            return ls["fields"][field]
        if field in ls["absent"]:
            return ("NULL", "absent")
        if "extra" in ls and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", field):
            return (f"{ls['extra']}['{field}']", "str")
        raise SigmaFeatureNotSupportedByBackendError(
            f"field {field} has no column in {ls['table']} (scenarios/sigma/lakeproof.toml)"
        )

    @staticmethod
    def falsy_null(expr):
        # NULL (field missing) compares false, so NOT keeps the event as Sigma means it.
        return f"COALESCE({expr}, FALSE)"

    def string_match(self, field, value: SigmaString, state, case_sensitive=False):
        expr, typ = self.column(field, state)
        if typ == "absent":
            return "FALSE"
        if not value.contains_special():
            plain = value.to_plain()
            if typ == "int":
                if re.fullmatch(r"-?\d+", plain):
                    return self.falsy_null(f"{expr} = {int(plain)}")
                raise SigmaFeatureNotSupportedByBackendError(
                    f"field {field} is a number, the rule compares it with '{plain}'"
                )
            if typ == "bool":
                return self.bool_match(expr, plain.lower() == "true")
            if case_sensitive:
                return self.falsy_null(f"{expr} = {lit(plain)}")
            return self.falsy_null(f"LOWER({expr}) = {lit(plain.lower())}")
        if typ != "str":
            raise SigmaFeatureNotSupportedByBackendError(f"wildcards on non-text field {field}")
        flags = "" if case_sensitive else "(?i)"
        pattern = f"{flags}^{regex_of(value)}$"
        # Leading/trailing `.*` add nothing to an unanchored search and cost time.
        pattern = pattern.replace(f"{flags}^.*", flags, 1)
        if pattern.endswith(".*$"):
            pattern = pattern[: -len(".*$")]
        return self.falsy_null("{{regexp_like(" + expr + ", " + lit(pattern) + ")}}")

    def convert_condition_field_eq_val_str(self, cond, state):
        return self.string_match(cond.field, cond.value, state)

    def convert_condition_field_eq_val_str_case_sensitive(self, cond, state):
        return self.string_match(cond.field, cond.value, state, case_sensitive=True)

    def convert_condition_field_eq_val_num(self, cond, state):
        expr, typ = self.column(cond.field, state)
        if typ == "absent":
            return "FALSE"
        if typ == "str":
            return self.falsy_null(f"LOWER({expr}) = {lit(str(cond.value.number).lower())}")
        return self.falsy_null(f"{expr} = {cond.value.number}")

    def bool_match(self, expr, value):
        return self.falsy_null(f"{expr} = {'TRUE' if value else 'FALSE'}")

    def convert_condition_field_eq_val_bool(self, cond, state):
        expr, typ = self.column(cond.field, state)
        if typ == "absent":
            return "FALSE"
        return self.bool_match(expr, cond.value.boolean)

    def convert_condition_field_eq_val_re(self, cond, state):
        expr, typ = self.column(cond.field, state)
        if typ == "absent":
            return "FALSE"
        flags = "".join(sorted(f.value for f in cond.value.flags))
        prefix = f"(?{flags})" if flags else ""
        return self.falsy_null("{{regexp_like(" + expr + ", " + lit(prefix + cond.value.regexp) + ")}}")

    def convert_condition_field_eq_val_cidr(self, cond, state):
        expr, typ = self.column(cond.field, state)
        if typ == "absent":
            return "FALSE"
        prefixes = cond.value.expand(wildcard="*")
        alts = "|".join(regex_of(SigmaString(p)).replace(".*", "") for p in prefixes)
        return self.falsy_null("{{regexp_like(" + expr + ", " + lit(f"^({alts})") + ")}}")

    def convert_condition_field_eq_field(self, cond, state):
        # `|fieldref`: two fields of one event equal, ignoring case; the partial forms
        # (startswith/endswith/contains a field) have no portable spelling and stay unsupported.
        ref = cond.value
        if ref.starts_with or ref.ends_with:
            raise SigmaFeatureNotSupportedByBackendError("partial field reference (|fieldref with a wildcard)")
        (a, ta), (b, tb) = self.column(cond.field, state), self.column(ref.field, state)
        if "absent" in (ta, tb):
            return "FALSE"
        if ta != tb:
            raise SigmaFeatureNotSupportedByBackendError(f"|fieldref between {ta} and {tb} fields")
        if ta == "str":
            return self.falsy_null(f"LOWER({a}) = LOWER({b})")
        return self.falsy_null(f"{a} = {b}")

    def convert_condition_field_eq_val_null(self, cond, state):
        expr, typ = self.column(cond.field, state)
        return "TRUE" if typ == "absent" else f"{expr} IS NULL"

    def finalize_query_default(self, rule, query, index, state):
        ls = self.source(state)
        t = ls["time"]
        return (
            # `alert_time`, not `event_time`: ClickHouse resolves a select alias in WHERE before
            # a column of the same name (CloudTrail's time column is event_time).
            f"SELECT CAST(date_trunc('second', {t}) AS VARCHAR) AS alert_time,\n"
            f"       {ls['key']} AS event_key\n"
            f"FROM {ls['table']}\n"
            f"WHERE {t} >= TIMESTAMP '{{{{from}}}}' AND {t} < TIMESTAMP '{{{{to}}}}'\n"
            f"  AND ({query})\n"
            f"ORDER BY alert_time, event_key\n"
        )


def header(rule, rules_label, rel):
    authors = " ".join(str(rule.author or "unknown").split())
    lines = [
        f"Sigma rule {rule.id}: {rule.title} (level {rule.level.name.lower() if rule.level else '-'}).",
        f"Author: {authors}. SigmaHQ, Detection Rule License 1.1 ({rules_label}/LICENSE).",
        f"Compiled from {rules_label}/{rel} by `lakeproof sigma compile` (pySigma "
        f"{version('pysigma')}); regenerate, do not edit.",
    ]
    return "".join(f"-- {line}\n" for line in lines)


def compile_rules(rules_dir, mapping_path, out_dir):
    sources, attacks = load_mapping(mapping_path)
    backend = LakeproofBackend(
        sources, processing_pipeline=windows_audit_pipeline() + pipeline(sources)
    )
    # Named as given (relative in the usual call), so the output does not depend on where the
    # checkout lives.
    rules_label = Path(rules_dir).as_posix().rstrip("/")
    rules_dir, out_dir = Path(rules_dir), Path(out_dir)
    files = sorted(p for p in rules_dir.rglob("*.yml") if p.is_file())
    if not files:
        raise MappingError(f"{rules_dir}: no Sigma rules (*.yml)")
    report, queries, seen_ids = [], [], set()
    for path in files:
        rel = path.relative_to(rules_dir).as_posix()
        entry = {"file": rel}
        try:
            collection = SigmaCollection.from_yaml(path.read_text())
            rule = collection.rules[0]
        except (SigmaError, IndexError) as e:
            entry.update(status="not converted", reason=f"parse: {e}")
            report.append(entry)
            continue
        rid = str(rule.id)
        seen_ids.add(rid)
        entry.update(
            id=rid,
            title=rule.title,
            level=rule.level.name.lower() if rule.level else None,
            logsource={
                k: v
                for k, v in (
                    ("product", rule.logsource.product),
                    ("service", rule.logsource.service),
                    ("category", rule.logsource.category),
                )
                if v
            },
        )
        try:
            sql = backend.convert(collection)
            if len(sql) != 1:
                raise SigmaFeatureNotSupportedByBackendError(f"{len(sql)} queries for one rule")
        except (SigmaError, NotImplementedError) as e:
            entry.update(status="not converted", reason=" ".join(str(e).split()))
            report.append(entry)
            continue
        name = path.stem
        attack = attacks.get(rid)
        entry.update(status="converted", query=name, attack=attack)
        report.append(entry)
        queries.append((name, attack, header(rule, rules_label, rel) + sql[0]))
    unknown = sorted(set(attacks) - seen_ids)
    if unknown:
        raise MappingError(f"{mapping_path}: [attacks] names rules not in {rules_dir}: {', '.join(unknown)}")
    names = [q[0] for q in queries]
    if len(set(names)) != len(names):
        raise MappingError(f"{rules_dir}: two rules share a file name")

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.sql"):
        old.unlink()
    for name, _, sql in queries:
        (out_dir / f"{name}.sql").write_text(sql)
    profile = [
        "# Generated by `lakeproof sigma compile` from scenarios/sigma/rules with",
        "# scenarios/sigma/lakeproof.toml; regenerate, do not edit.",
        'name = "sigma"',
        'description = "SigmaHQ rules compiled with pySigma onto the native tables, one query '
        "per rule over the last hour: each returns its matching events (event_key = the labels' key), "
        'is re-run over the whole dataset for recall on its attack (when the scenario injects one) '
        'and for false alerts (matching events no attack explains)"',
        "warmup = 1",
        "iterations = 5",
        "concurrency = 1",
        "timeout_secs = 60",
        "target_ms = 1000",
        'target_stat = "max"',
        "window_minutes = 60",
    ]
    for name, attack, _ in queries:
        profile += ["", "[[query]]", f'name = "{name}"', f'file = "{name}.sql"', "detection = true"]
        if attack:
            profile.append(f'attack = "{attack}"')
    (out_dir / "profile.toml").write_text("\n".join(profile) + "\n")
    doc = {
        "kind": "lakeproof.sigma-compile",
        "schema_version": 1,
        "pysigma": version("pysigma"),
        "pipelines": ["windows_audit_pipeline (pysigma-pipeline-windows "
                      f"{version('pysigma-pipeline-windows')})", "scenarios/sigma/lakeproof.toml"],
        "rules": len(report),
        "converted": sum(1 for r in report if r["status"] == "converted"),
        "results": report,
    }
    (out_dir / "compile-report.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", required=True)
    ap.add_argument("--mapping", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    try:
        doc = compile_rules(a.rules, a.mapping, a.out)
    except MappingError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for r in doc["results"]:
        what = r.get("attack") or ""
        line = f"{r['status']:>13}  {r['file']}"
        if r["status"] == "converted":
            line += f"  -> {r['query']}.sql" + (f"  (attack {what})" if what else "")
        else:
            line += f"  ({r['reason']})"
        print(line)
    print(f"{doc['converted']} of {doc['rules']} rules converted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
