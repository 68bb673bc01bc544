//! Free disk space, checked before a large write: a lake that fills the disk half way through
//! leaves a broken run and a machine in trouble, so the writer refuses up front and says what
//! it needs and what is free.

use anyhow::{bail, Context, Result};
use std::ffi::CString;
use std::path::Path;

/// Bytes an unprivileged writer may still use on the filesystem holding `path` (the nearest
/// existing ancestor when `path` does not exist yet).
pub fn free_bytes(path: &Path) -> Result<u64> {
    let mut probe = path;
    while !probe.exists() {
        probe = match probe.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
    }
    let c = CString::new(probe.as_os_str().as_encoded_bytes())
        .with_context(|| format!("{}: path with a NUL byte", probe.display()))?;
    // SAFETY: statvfs writes into the struct we pass and reads the NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        bail!("{}: statvfs failed: {}", probe.display(), std::io::Error::last_os_error());
    }
    Ok(st.f_bavail as u64 * st.f_frsize as u64)
}

/// Refuse to start writing `needed` bytes under `path` when the filesystem has less free.
/// `what` says what the bytes are and how they were projected, for the message.
pub fn ensure_room(path: &Path, needed: u64, what: &str) -> Result<()> {
    let free = free_bytes(path)?;
    if needed > free {
        bail!(
            "{}: not enough free disk space: {what} needs about {:.2} GB, the filesystem has {:.2} GB free; nothing was written",
            path.display(),
            needed as f64 / 1e9,
            free as f64 / 1e9
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_space_is_read_and_a_too_large_write_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let free = free_bytes(&dir.path().join("not/yet/there")).unwrap();
        assert!(free > 0);
        ensure_room(dir.path(), 1, "one byte").unwrap();
        let e = ensure_room(dir.path(), free.saturating_mul(4).max(1 << 60), "a huge lake")
            .unwrap_err()
            .to_string();
        assert!(e.contains("a huge lake needs about") && e.contains("GB free"), "{e}");
    }
}
