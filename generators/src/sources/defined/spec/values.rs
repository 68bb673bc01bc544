//! Compiling a definition's values: the time shape, templates (`"Accepted {method} for
//! {user}"`) and value specs into [`Gen`]s whose names are resolved to slots.

use super::Ctx;
use crate::sources::defined::value::{Gen, IdKind, Piece, ENTITIES};
use crate::sources::defined::Hosts;
use crate::time::Shape;
use std::collections::HashMap;
use toml::Spanned;

pub(super) fn shape(cx: &Ctx, v: Option<&Spanned<toml::Value>>) -> Result<Shape, String> {
    let office = Shape { night: 0.22, weekend: 0.3, batch: 0.25, burst_p: 0.02, burst_max: 3.0 };
    let Some(v) = v else { return Ok(office) };
    match v.get_ref() {
        toml::Value::String(s) => Ok(match s.as_str() {
            // People-driven: logons, SaaS sign-ins, sudo by admins at work.
            "office" => office,
            // Machine-driven with people on top: APIs, control planes.
            "automation" => Shape { night: 0.45, weekend: 0.6, batch: 0.3, burst_p: 0.02, burst_max: 4.0 },
            // Flat: probes, leases, internet background noise.
            "flat" => Shape { night: 1.0, weekend: 1.0, batch: 0.0, burst_p: 0.01, burst_max: 2.0 },
            o => return cx.err(v.span(), "shape", format!("unknown shape `{o}` (office, automation, flat, or a table of night, weekend, batch, burst_p, burst_max)")),
        }),
        toml::Value::Table(t) => {
            let f = |k: &str, d: f64| -> Result<f64, String> {
                match t.get(k) {
                    None => Ok(d),
                    Some(toml::Value::Float(x)) => Ok(*x),
                    Some(toml::Value::Integer(x)) => Ok(*x as f64),
                    Some(_) => cx.err(v.span(), &format!("shape.{k}"), "a number"),
                }
            };
            for k in t.keys() {
                if !["night", "weekend", "batch", "burst_p", "burst_max"].contains(&k.as_str()) {
                    return cx.err(v.span(), &format!("shape.{k}"), "unknown (night, weekend, batch, burst_p, burst_max)");
                }
            }
            Ok(Shape {
                night: f("night", office.night)?,
                weekend: f("weekend", office.weekend)?,
                batch: f("batch", office.batch)?,
                burst_p: f("burst_p", office.burst_p)?,
                burst_max: f("burst_max", office.burst_max)?,
            })
        }
        _ => cx.err(v.span(), "shape", "a shape name or a table"),
    }
}

/// Slot names and where the entities start.
pub(super) struct Names<'n> {
    pub(super) map: HashMap<&'n str, usize>,
    pub(super) entity_base: usize,
}

impl Names<'_> {
    /// The slot `name` refers to in the value of `field`.
    pub(super) fn resolve(&self, name: &str, field: &str) -> Option<usize> {
        match ENTITIES.iter().position(|e| *e == name) {
            Some(e) if name == field => Some(self.entity_base + e),
            _ => self.map.get(name).copied(),
        }
    }
}

/// A template (`"Accepted {method} for {user}"`) whose references are all known slots.
fn template(
    cx: &Ctx,
    s: &str,
    span: std::ops::Range<usize>,
    field: &str,
    slots: &Names,
) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        match c {
            '{' if it.peek().map(|x| x.1) == Some('{') => {
                it.next();
                lit.push('{');
            }
            '}' if it.peek().map(|x| x.1) == Some('}') => {
                it.next();
                lit.push('}');
            }
            '{' => {
                let end = s[i..].find('}').map(|k| i + k).ok_or(()).or_else(|_| {
                    cx.err(
                        span.clone(),
                        field,
                        format!("unclosed `{{` in \"{s}\" (write {{{{ for a literal brace)"),
                    )
                })?;
                let name = s[i + 1..end].trim();
                let slot = slots.resolve(name, field).ok_or(()).or_else(|_| {
                    cx.err(span.clone(), field, format!("unknown name `{name}` in \"{s}\" (a column, a name some event sets, or one of {})", ENTITIES.join(", ")))
                })?;
                if !lit.is_empty() {
                    pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Slot(slot));
                while it.peek().is_some_and(|x| x.0 <= end) {
                    it.next();
                }
            }
            '}' => {
                return cx.err(
                    span,
                    field,
                    format!("stray `}}` in \"{s}\" (write }}}} for a literal brace)"),
                )
            }
            c => lit.push(c),
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}

pub(super) fn template_only(
    cx: &Ctx,
    v: &Spanned<String>,
    field: &str,
    slots: &Names,
) -> Result<Vec<Piece>, String> {
    template(cx, v.get_ref(), v.span(), field, slots)
}

/// Compiles one value spec.
pub(super) fn value_gen(
    cx: &Ctx,
    v: &Spanned<toml::Value>,
    field: &str,
    slots: &Names,
    hosts: Hosts,
) -> Result<Gen, String> {
    let span = v.span();
    gen_of(cx, v.get_ref(), span, field, slots, hosts)
}

fn gen_of(
    cx: &Ctx,
    v: &toml::Value,
    span: std::ops::Range<usize>,
    field: &str,
    slots: &Names,
    hosts: Hosts,
) -> Result<Gen, String> {
    use toml::Value as V;
    let num = |x: &V| -> Option<f64> {
        match x {
            V::Integer(i) => Some(*i as f64),
            V::Float(f) => Some(*f),
            _ => None,
        }
    };
    Ok(match v {
        V::String(s) => {
            let pieces = template(cx, s, span.clone(), field, slots)?;
            let entity_base = slots.entity_base;
            for p in &pieces {
                if let Piece::Slot(i) = p {
                    let host = *i >= entity_base && ENTITIES[*i - entity_base].starts_with("host.");
                    if host && hosts == Hosts::None {
                        return cx.err(span, field, format!("`{}` needs `hosts` in [source] (this source has no hosts of the organisation)", ENTITIES[*i - entity_base]));
                    }
                }
            }
            match pieces.as_slice() {
                [] => Gen::Str(String::new()),
                [Piece::Lit(l)] => Gen::Str(l.clone()),
                [Piece::Slot(i)] if *i >= entity_base => Gen::Entity(*i - entity_base),
                _ => Gen::Template(pieces),
            }
        }
        V::Integer(i) => Gen::Int(*i),
        V::Float(f) => Gen::Float(*f),
        V::Boolean(b) => Gen::Bool(*b),
        V::Array(_) => {
            return cx.err(
                span,
                field,
                "a list is not a value; for a choice write { choice = [...] }",
            )
        }
        V::Datetime(_) => {
            return cx.err(span, field, "dates are generated from the event time; use \"{time}\"")
        }
        V::Table(t) => {
            let kinds: Vec<&str> = ["choice", "int", "pareto", "lognormal", "id", "uuid", "null"]
                .into_iter()
                .filter(|k| t.contains_key(*k))
                .collect();
            let allowed: &[&str] = match kinds.as_slice() {
                ["choice"] => &["choice", "weights"],
                ["int"] => &["int"],
                ["pareto"] | ["lognormal"] => &["pareto", "lognormal", "max"],
                ["id"] => &["id", "len", "prefix"],
                ["uuid"] => &["uuid"],
                ["null"] => &["null"],
                [] => return cx.err(
                    span,
                    field,
                    "a generator table needs one of choice, int, pareto, lognormal, id, uuid, null",
                ),
                _ => {
                    return cx.err(
                        span,
                        field,
                        format!("one generator per value, not {}", kinds.join(" and ")),
                    )
                }
            };
            if let Some(k) = t.keys().find(|k| !allowed.contains(&k.as_str())) {
                return cx.err(
                    span,
                    &format!("{field}.{k}"),
                    format!("not an option of `{}` ({})", kinds[0], allowed.join(", ")),
                );
            }
            let max = match t.get("max") {
                None => f64::MAX,
                Some(m) => num(m)
                    .ok_or(())
                    .or_else(|_| cx.err(span.clone(), &format!("{field}.max"), "a number"))?,
            };
            match kinds[0] {
                "choice" => {
                    let V::Array(items) = &t["choice"] else {
                        return cx.err(span, &format!("{field}.choice"), "a list of values");
                    };
                    if items.is_empty() {
                        return cx.err(span, &format!("{field}.choice"), "an empty choice");
                    }
                    let weights: Vec<f64> = match t.get("weights") {
                        None => vec![1.0; items.len()],
                        Some(V::Array(w)) if w.len() == items.len() => {
                            w.iter().map(num).collect::<Option<Vec<f64>>>().ok_or(()).or_else(
                                |_| cx.err(span.clone(), &format!("{field}.weights"), "numbers"),
                            )?
                        }
                        Some(_) => {
                            return cx.err(
                                span,
                                &format!("{field}.weights"),
                                format!("{} numbers, one per choice", items.len()),
                            )
                        }
                    };
                    let mut cum = Vec::with_capacity(weights.len());
                    let mut acc = 0u64;
                    for w in weights {
                        if !(w >= 0.0 && w.is_finite()) {
                            return cx.err(
                                span,
                                &format!("{field}.weights"),
                                format!("{w} is not a weight"),
                            );
                        }
                        acc += (w * 1e6).round() as u64;
                        cum.push(acc);
                    }
                    if acc == 0 {
                        return cx.err(span, &format!("{field}.weights"), "all weights are 0");
                    }
                    let items = items
                        .iter()
                        .map(|x| gen_of(cx, x, span.clone(), field, slots, hosts))
                        .collect::<Result<Vec<_>, _>>()?;
                    Gen::Choice { items, cum }
                }
                "int" => match &t["int"] {
                    V::Array(a) if a.len() == 2 => match (&a[0], &a[1]) {
                        (V::Integer(lo), V::Integer(hi)) if lo <= hi => Gen::IntRange(*lo, *hi),
                        _ => {
                            return cx.err(
                                span,
                                &format!("{field}.int"),
                                "[low, high] integers with low ≤ high",
                            )
                        }
                    },
                    _ => return cx.err(span, &format!("{field}.int"), "[low, high]"),
                },
                k @ ("pareto" | "lognormal") => {
                    let p = match &t[k] {
                        V::Array(a) if a.len() == 2 => (num(&a[0]), num(&a[1])),
                        _ => (None, None),
                    };
                    match (k, p) {
                        ("pareto", (Some(xm), Some(alpha))) if xm > 0.0 && alpha > 0.0 => {
                            Gen::Pareto { xm, alpha, max }
                        }
                        ("lognormal", (Some(median), Some(sigma)))
                            if median > 0.0 && sigma >= 0.0 =>
                        {
                            Gen::LogNormal { median, sigma, max }
                        }
                        ("pareto", _) => {
                            return cx.err(
                                span,
                                &format!("{field}.pareto"),
                                "[minimum, alpha], both > 0",
                            )
                        }
                        _ => {
                            return cx.err(
                                span,
                                &format!("{field}.lognormal"),
                                "[median, sigma], median > 0",
                            )
                        }
                    }
                }
                "id" => {
                    let kind = match &t["id"] {
                        V::String(s) => IdKind::parse(s),
                        _ => None,
                    }
                    .ok_or(())
                    .or_else(|_| {
                        cx.err(
                            span.clone(),
                            &format!("{field}.id"),
                            "hex, HEX, digits, base62 or alnum",
                        )
                    })?;
                    let len = match t.get("len") {
                        Some(V::Integer(n)) if (1..=256).contains(n) => *n as usize,
                        None => 16,
                        _ => return cx.err(span, &format!("{field}.len"), "a length 1-256"),
                    };
                    let prefix = match t.get("prefix") {
                        Some(V::String(p)) => p.clone(),
                        None => String::new(),
                        _ => return cx.err(span, &format!("{field}.prefix"), "a string"),
                    };
                    Gen::Id { kind, len, prefix }
                }
                "uuid" => match &t["uuid"] {
                    V::String(s) if s == "v4" => Gen::Uuid { time_based: false },
                    V::String(s) if s == "v1" => Gen::Uuid { time_based: true },
                    _ => {
                        return cx.err(
                            span,
                            &format!("{field}.uuid"),
                            "v4 (random) or v1 (time-based)",
                        )
                    }
                },
                _ => match &t["null"] {
                    V::Boolean(true) => Gen::Null,
                    _ => return cx.err(span, &format!("{field}.null"), "null = true"),
                },
            }
        }
    })
}
