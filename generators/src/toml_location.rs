//! Where in a TOML text an error is: its 1-based line and the key assigned on that line. Every
//! TOML file lakeproof reads (scenarios here, profiles, prices, roadmap and thresholds in the
//! harness) reports errors as `file:line: field `key`: message` through these two functions.

/// Line and key of a `toml` parse error (either may be unknown).
pub fn locate(text: &str, error: &toml::de::Error) -> (Option<usize>, Option<String>) {
    match error.span() {
        Some(span) => (Some(line_at(text, span.start)), key_at(text, span.start)),
        None => (None, None),
    }
}

/// 1-based line holding byte offset `pos`.
pub fn line_at(text: &str, pos: usize) -> usize {
    text[..pos.min(text.len())].matches('\n').count() + 1
}

/// 1-based line of the first `key =` assignment in the text (for errors found after parsing,
/// which carry a field name but no position). A dotted field matches on its last part.
pub fn line_of_key(text: &str, field: &str) -> Option<usize> {
    let key = field.rsplit('.').next().unwrap_or(field);
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

/// The key on the line that holds byte offset `pos`, if that line is an assignment.
fn key_at(text: &str, pos: usize) -> Option<String> {
    let start = text[..pos.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    Some(key.trim().to_string()).filter(|k| !k.is_empty() && !k.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_error_is_located_on_its_line_and_key() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: u32,
            b: u32,
        }
        let text = "a = 1\nb = \"two\"\n";
        let e = toml::from_str::<T>(text).unwrap_err();
        assert_eq!(locate(text, &e), (Some(2), Some("b".to_string())));
        assert_eq!(line_of_key(text, "x.b"), Some(2));
        assert_eq!(line_of_key(text, "c"), None);
    }
}
