//! SQL dialects, as far as the workload queries need them: a few expressions that have no
//! spelling shared by every engine are written in the query as `{{function(argument)}}` and
//! rendered here for the engine that runs it, so a query stays one file instead of one copy per
//! engine that differs in a single expression (a copy that is easily left behind when the query
//! changes).
//!
//! | placeholder | means | rendered as |
//! | --- | --- | --- |
//! | `{{epoch_seconds(ts)}}` | whole unix seconds of a timestamp (VPC flow keys) | `CAST(EXTRACT(EPOCH FROM ts) AS BIGINT)`; ClickHouse `toUnixTimestamp(ts)`; Spark, StarRocks `unix_timestamp(ts)`; Trino `CAST(floor(to_unixtime(ts)) AS BIGINT)` |
//! | `{{plain(x)}}` | `x`, as a computed value rather than a column | DataFusion `nullif(x, NULL)`; `x` elsewhere |
//! | `{{ident(name)}}` | a column or struct field whose name some parser takes for a keyword | `"name"`; Spark, StarRocks `` `name` `` |
//! | `{{lit(text)}}` | the string literal `text`, verbatim (spaces and backslashes kept) | `'text'` with `''` for a quote; ClickHouse, Spark, StarRocks also double each backslash (their literals read `\` as an escape) |
//! | `{{regexp_like(s, p)}}` | `s` has a match of regular expression `p` somewhere | DuckDB `regexp_matches`; ClickHouse `match`; StarRocks `regexp`; `regexp_like` elsewhere |
//! | `{{json_str(column, key)}}` | the string member `key` at the top level of a JSON text column, NULL when absent | a regular-expression extract of `"key":"…"` (DataFusion has no JSON functions) |
//!
//! `plain` exists for DataFusion 53: it compares the Iceberg field ids carried in the column
//! metadata of a `UNION`'s inputs and fails ("Physical input schema should be the same as the one
//! converted from logical input schema") when branches take a column from different tables. A
//! computed value carries no field id; `nullif(x, NULL)` is `x` for every `x` and is not
//! simplified away. `ident` exists for OCSF's `user` objects: DataFusion's parser (generic
//! dialect) reads a bare `user` as the `USER` function even inside `actor.user.name`, and Spark
//! reads `"user"` as a string, so the one spelling is chosen per engine. Plain `{{name}}` placeholders (values) are left for
//! [`crate::workloads::profile::substitute`].

use anyhow::{bail, Context, Result};

/// How an engine spells the expressions above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Standard spellings (`EXTRACT(EPOCH FROM …)`): DuckDB, Dremio.
    Standard,
    /// Standard spellings, and `UNION` inputs must not be bare Iceberg columns.
    DataFusion,
    /// ClickHouse and chDB.
    ClickHouse,
    Spark,
    Trino,
    /// StarRocks (MySQL functions).
    MySql,
}

impl Dialect {
    /// Every dialect, for checking a query renders on all of them.
    pub const ALL: [Dialect; 6] = [
        Dialect::Standard,
        Dialect::DataFusion,
        Dialect::ClickHouse,
        Dialect::Spark,
        Dialect::Trino,
        Dialect::MySql,
    ];

    /// One placeholder function applied to its argument, or None for an unknown function.
    fn call(self, function: &str, arg: &str) -> Option<String> {
        let backslash = matches!(self, Dialect::ClickHouse | Dialect::Spark | Dialect::MySql);
        let two = || split_two(arg, backslash);
        Some(match (function, self) {
            ("lit", Dialect::ClickHouse | Dialect::Spark | Dialect::MySql) => {
                format!("'{}'", arg.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            ("lit", _) => format!("'{}'", arg.replace('\'', "''")),
            ("regexp_like", d) => {
                let (s, p) = two()?;
                let f = match d {
                    Dialect::Standard => "regexp_matches",
                    Dialect::ClickHouse => "match",
                    Dialect::MySql => "regexp",
                    _ => "regexp_like",
                };
                format!("{f}({s}, {p})")
            }
            ("json_str", d) => {
                let (column, key) = two()?;
                let re = format!("'\"{key}\":\"([^\"]*)\"'");
                match d {
                    Dialect::DataFusion => format!("regexp_match({column}, {re})[1]"),
                    Dialect::ClickHouse => format!("NULLIF(extract({column}, {re}), '')"),
                    Dialect::Trino => format!("regexp_extract({column}, {re}, 1)"),
                    _ => format!("NULLIF(regexp_extract({column}, {re}, 1), '')"),
                }
            }
            ("epoch_seconds", Dialect::ClickHouse) => format!("toUnixTimestamp({arg})"),
            ("epoch_seconds", Dialect::Spark | Dialect::MySql) => format!("unix_timestamp({arg})"),
            ("epoch_seconds", Dialect::Trino) => {
                format!("CAST(floor(to_unixtime({arg})) AS BIGINT)")
            }
            ("epoch_seconds", Dialect::Standard | Dialect::DataFusion) => {
                format!("CAST(EXTRACT(EPOCH FROM {arg}) AS BIGINT)")
            }
            ("plain", Dialect::DataFusion) => format!("nullif({arg}, NULL)"),
            ("plain", _) => arg.to_string(),
            // Expanded by the runner over the lake's source tables (`profile::expand_sources`);
            // the dialect renders what is inside and keeps the wrapper for it.
            ("each_source", _) => format!("{{{{each_source({arg})}}}}"),
            ("ident", Dialect::Spark | Dialect::MySql) => format!("`{arg}`"),
            ("ident", _) => format!("\"{arg}\""),
            _ => return None,
        })
    }

    /// `sql` with every `{{function(argument)}}` rendered for this dialect; value placeholders
    /// (`{{from}}`) are kept as they are. `query` names the query in errors.
    pub fn render(self, sql: &str, query: &str) -> Result<String> {
        let mut out = String::with_capacity(sql.len());
        let mut rest = sql;
        while let Some(i) = rest.find("{{") {
            let end = closing(&rest[i + 2..])
                .with_context(|| format!("query {query}: unclosed {{{{"))?
                + i
                + 2;
            let inner = rest[i + 2..end].trim();
            out.push_str(&rest[..i]);
            match inner.split_once('(') {
                Some((function, tail)) => {
                    let Some(arg) = tail.strip_suffix(')') else {
                        bail!("query {query}: {{{{{inner}}}}} does not end with `)`");
                    };
                    let function = function.trim();
                    // A literal is verbatim: its edge spaces count (`' -e'`), nothing inside
                    // renders. Other arguments may hold placeholders:
                    // `{{plain(a.{{ident(user)}}.uid)}}`.
                    let arg = if function == "lit" {
                        arg.to_string()
                    } else {
                        self.render(arg.trim(), query)?
                    };
                    let Some(text) = self.call(function, &arg) else {
                        bail!(
                            "query {query}: unknown function {{{{{function}(…)}}}}, or not two \
                             arguments where it takes two (known: each_source, epoch_seconds, \
                             ident, json_str(column, key), lit, plain, regexp_like(s, p))"
                        );
                    };
                    out.push_str(&text);
                }
                None => out.push_str(&rest[i..end + 2]),
            }
            rest = &rest[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `a, b` split at its first comma outside parentheses and string literals (a rendered literal
/// may hold commas, parentheses and, where `backslash` escapes in literals, `\'`).
fn split_two(arg: &str, backslash: bool) -> Option<(&str, &str)> {
    let (mut depth, mut quoted, mut escaped) = (0i32, false, false);
    for (i, c) in arg.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted && backslash => escaped = true,
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => return Some((arg[..i].trim(), arg[i + 1..].trim())),
            _ => {}
        }
    }
    None
}

/// Offset of the `}}` that closes a placeholder whose text starts at `s`, skipping nested ones.
pub(crate) fn closing(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < s.len() {
        match &s.as_bytes()[i..i + 2] {
            b"{{" => {
                depth += 1;
                i += 2;
            }
            b"}}" if depth == 0 => return Some(i),
            b"}}" => {
                depth -= 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQL: &str = "SELECT {{plain(v.srcaddr)}}, CAST({{ epoch_seconds(date_trunc('second', v.start_time)) }} AS VARCHAR) FROM v WHERE t >= TIMESTAMP '{{from}}'";

    #[test]
    fn placeholders_render_per_dialect_and_values_are_kept() {
        let epoch = "date_trunc('second', v.start_time)";
        let want = |plain: &str, seconds: String| {
            format!("SELECT {plain}, CAST({seconds} AS VARCHAR) FROM v WHERE t >= TIMESTAMP '{{{{from}}}}'")
        };
        for (dialect, expected) in [
            (
                Dialect::Standard,
                want("v.srcaddr", format!("CAST(EXTRACT(EPOCH FROM {epoch}) AS BIGINT)")),
            ),
            (
                Dialect::DataFusion,
                want(
                    "nullif(v.srcaddr, NULL)",
                    format!("CAST(EXTRACT(EPOCH FROM {epoch}) AS BIGINT)"),
                ),
            ),
            (Dialect::ClickHouse, want("v.srcaddr", format!("toUnixTimestamp({epoch})"))),
            (Dialect::Spark, want("v.srcaddr", format!("unix_timestamp({epoch})"))),
            (Dialect::MySql, want("v.srcaddr", format!("unix_timestamp({epoch})"))),
            (
                Dialect::Trino,
                want("v.srcaddr", format!("CAST(floor(to_unixtime({epoch})) AS BIGINT)")),
            ),
        ] {
            assert_eq!(dialect.render(SQL, "q").unwrap(), expected, "{dialect:?}");
        }
    }

    #[test]
    fn identifiers_are_quoted_the_way_each_parser_reads_them() {
        let sql = "SELECT a.actor.{{ident(user)}}.uid FROM authentication a";
        for (dialect, quoted) in [
            (Dialect::Standard, "\"user\""),
            (Dialect::DataFusion, "\"user\""),
            (Dialect::ClickHouse, "\"user\""),
            (Dialect::Trino, "\"user\""),
            (Dialect::Spark, "`user`"),
            (Dialect::MySql, "`user`"),
        ] {
            let want = format!("SELECT a.actor.{quoted}.uid FROM authentication a");
            assert_eq!(dialect.render(sql, "q").unwrap(), want, "{dialect:?}");
        }
        let nested = "SELECT {{plain(a.{{ident(user)}}.uid)}}, '{{from}}'";
        assert_eq!(
            Dialect::DataFusion.render(nested, "q").unwrap(),
            "SELECT nullif(a.\"user\".uid, NULL), '{{from}}'"
        );
        assert_eq!(Dialect::Spark.render(nested, "q").unwrap(), "SELECT a.`user`.uid, '{{from}}'");
    }

    #[test]
    fn literals_keep_spaces_and_backslashes_and_regexes_render_per_engine() {
        // A Sigma `contains` on a Windows path with a space and a quote at the edges.
        let sql = r"{{regexp_like(LOWER(c), {{lit( (?i)\\sc\.exe, 'x' )}})}}";
        let std = Dialect::Standard.render(sql, "q").unwrap();
        assert_eq!(std, r"regexp_matches(LOWER(c), ' (?i)\\sc\.exe, ''x'' ')");
        let ch = Dialect::ClickHouse.render(sql, "q").unwrap();
        assert_eq!(ch, r"match(LOWER(c), ' (?i)\\\\sc\\.exe, \'x\' ')");
        let spark = Dialect::Spark.render(sql, "q").unwrap();
        assert_eq!(spark, r"regexp_like(LOWER(c), ' (?i)\\\\sc\\.exe, \'x\' ')");
        assert!(Dialect::DataFusion
            .render(sql, "q")
            .unwrap()
            .starts_with("regexp_like(LOWER(c), ' (?i)"));
        // The JSON member's expression holds commas and parentheses: still two arguments.
        let sql =
            "{{regexp_like({{json_str(response_elements, ConsoleLogin)}}, {{lit(^Success$)}})}}";
        assert_eq!(
            Dialect::DataFusion.render(sql, "q").unwrap(),
            r#"regexp_like(regexp_match(response_elements, '"ConsoleLogin":"([^"]*)"')[1], '^Success$')"#
        );
        assert_eq!(
            Dialect::ClickHouse.render(sql, "q").unwrap(),
            r#"match(NULLIF(extract(response_elements, '"ConsoleLogin":"([^"]*)"'), ''), '^Success$')"#
        );
        let e = Dialect::Standard.render("{{regexp_like(c)}}", "q").unwrap_err();
        assert!(e.to_string().contains("not two arguments"), "{e}");
    }

    #[test]
    fn unknown_functions_and_malformed_placeholders_are_errors() {
        let e = Dialect::Standard.render("SELECT {{epoch_secs(ts)}}", "q").unwrap_err();
        assert!(e.to_string().contains("unknown function {{epoch_secs(…)}}"), "{e}");
        let e = Dialect::Spark.render("SELECT {{plain(x}}", "q").unwrap_err();
        assert!(e.to_string().contains("does not end with `)`"), "{e}");
        let e = Dialect::Spark.render("SELECT {{plain(x)", "q").unwrap_err();
        assert!(e.to_string().contains("unclosed"), "{e}");
    }

    #[test]
    fn the_shipped_exfiltration_rule_renders_each_engines_epoch_expression() {
        let sql = crate::shipped::workload_file("alerting/exfiltration.sql").unwrap();
        let ch = Dialect::ClickHouse.render(sql, "exfiltration").unwrap();
        assert!(ch.contains("toUnixTimestamp(v.start_time)") && !ch.contains("EXTRACT"), "{ch}");
        let spark = Dialect::Spark.render(sql, "exfiltration").unwrap();
        assert!(spark.contains("unix_timestamp(v.start_time)"), "{spark}");
        let df = Dialect::DataFusion.render(sql, "exfiltration").unwrap();
        assert!(df.contains("nullif(c.uid, NULL)"), "{df}");
        let duck = Dialect::Standard.render(sql, "exfiltration").unwrap();
        assert!(!duck.contains("nullif") && !duck.contains("{{plain"), "{duck}");
        assert!(duck.contains("CAST(EXTRACT(EPOCH FROM v.start_time) AS BIGINT)"), "{duck}");
    }
}
