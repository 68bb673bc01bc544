//! TOML files (profiles, prices, roadmap, thresholds, engine settings) read into their types,
//! with errors that say where: `file:line: field `key`: message`.

use anyhow::{Context, Result};
use lakeproof_generators::toml_location::locate;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Read and parse a TOML file.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// Parse TOML text; `origin` names it in errors (a path, or where an embedded default came
/// from).
pub fn parse<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T> {
    toml::from_str(text).map_err(|e| {
        let (line, field) = locate(text, &e);
        let line = line.map_or(String::new(), |l| format!(":{l}"));
        let field = field.map_or(String::new(), |f| format!(" field `{f}`:"));
        anyhow::anyhow!("{origin}{line}:{field} {}", e.message().trim_end())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Limits {
        name: String,
        seconds: u32,
    }

    #[test]
    fn errors_name_the_file_line_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("limits.toml");
        std::fs::write(&f, "name = \"x\"\nseconds = \"many\"\n").unwrap();
        let e = read::<Limits>(&f).unwrap_err().to_string();
        assert!(e.contains("limits.toml:2: field `seconds`:"), "{e}");
        std::fs::write(&f, "name = \"x\"\nseconds = 3\nsecond = 4\n").unwrap();
        let e = read::<Limits>(&f).unwrap_err().to_string();
        assert!(e.contains("limits.toml:3: field `second`:") && e.contains("unknown field"), "{e}");
        let e = read::<Limits>(&dir.path().join("absent.toml")).unwrap_err().to_string();
        assert!(e.contains("absent.toml: cannot read"), "{e}");
    }
}
