//! `lakeproof sigma compile`: SigmaHQ rules into a workload profile with pySigma. The compiler
//! is Python (pySigma is the field's library; harness/sigma/compile.py, built into this binary);
//! this command finds the interpreter, checks pySigma is there, and swaps the new profile in
//! whole, so a failed compile leaves the previous one untouched.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const COMPILER: &str = include_str!("../../../harness/sigma/compile.py");
const REQUIREMENTS: &str = include_str!("../../../harness/sigma/requirements.txt");

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(clap::Subcommand)]
enum Cmd {
    /// Convert every Sigma rule under --rules with pySigma onto the native tables named by
    /// --mapping, into a profile folder (one SQL file per rule, profile.toml,
    /// compile-report.json saying for each rule converted or why not); `lakeproof run
    /// --workloads <parent of --out>` runs it.
    Compile {
        /// Folder of Sigma rules (*.yml, searched recursively).
        #[arg(long, default_value = "scenarios/sigma/rules")]
        rules: PathBuf,
        /// Log sources to tables, fields to columns, rules to the attacks they should fire on.
        #[arg(long, default_value = "scenarios/sigma/lakeproof.toml")]
        mapping: PathBuf,
        /// The profile folder to write (replaced whole).
        #[arg(long)]
        out: PathBuf,
        /// Python interpreter with pySigma installed.
        #[arg(long, default_value = "python3")]
        python: String,
    },
}

impl Args {
    pub fn run(self) -> Result<()> {
        let Cmd::Compile { rules, mapping, out, python } = self.command;
        for (what, p) in [("--rules", &rules), ("--mapping", &mapping)] {
            if !p.exists() {
                bail!("{what} {}: not found", p.display());
            }
        }
        let probe = Command::new(&python)
            .args(["-c", "import sigma.pipelines.windows, sigma.collection"])
            .output()
            .with_context(|| format!("starting {python}"))?;
        if !probe.status.success() {
            bail!(
                "{python} cannot import pySigma ({}); install it with\n  {python} -m pip install {}",
                String::from_utf8_lossy(&probe.stderr).lines().last().unwrap_or("").trim(),
                REQUIREMENTS
                    .lines()
                    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("creating {}", parent.display()))?;
        let work = parent.join(format!(".sigma-compile-{}", std::process::id()));
        std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
        let result = compile(&python, &work, &rules, &mapping, &out);
        std::fs::remove_dir_all(&work).ok();
        result
    }
}

fn compile(python: &str, work: &Path, rules: &Path, mapping: &Path, out: &Path) -> Result<()> {
    let script = work.join("compile.py");
    std::fs::write(&script, COMPILER)?;
    let staged = work.join("profile");
    let status = Command::new(python)
        .arg(&script)
        .arg("--rules")
        .arg(rules)
        .arg("--mapping")
        .arg(mapping)
        .arg("--out")
        .arg(&staged)
        .status()
        .with_context(|| format!("starting {python}"))?;
    if !status.success() {
        bail!("sigma compile failed ({status}); {} left as it was", out.display());
    }
    replace_dir(&staged, out)?;
    println!("profile: {}", out.display());
    Ok(())
}

/// Put `staged` where `out` is: the old folder is moved aside first and removed only after
/// the new one is in place.
fn replace_dir(staged: &Path, out: &Path) -> Result<()> {
    let old = out.with_extension("old-sigma");
    if out.exists() {
        std::fs::rename(out, &old).with_context(|| format!("moving {} aside", out.display()))?;
    }
    std::fs::rename(staged, out).with_context(|| format!("writing {}", out.display()))?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
