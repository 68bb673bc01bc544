//! Cold runs need cold caches: before one, the lake's files are evicted from the page cache,
//! and what a process then really read from disk is taken from `/proc/<pid>/io`. Without this
//! a "cold" run on a lake smaller than memory reads nothing from disk and measures the cache.

use anyhow::{Context, Result};
use std::os::fd::AsRawFd;
use std::path::Path;

/// How a lake's files were evicted, recorded beside the cold timings.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Eviction {
    /// `posix_fadvise(POSIX_FADV_DONTNEED)` per file (the method used: it needs no privileges
    /// and touches only the lake's files, not the whole machine's cache).
    pub method: String,
    pub files: u64,
    pub bytes: u64,
}

/// Drop every regular file under `dir` (recursively) from the page cache. Dirty pages are
/// written first (`fdatasync`), since DONTNEED leaves dirty pages in memory.
pub fn evict_tree(dir: &Path) -> Result<Eviction> {
    let mut out = Eviction {
        method: "posix_fadvise(POSIX_FADV_DONTNEED) per file".into(),
        ..Default::default()
    };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("listing {}", d.display()))? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                out.bytes += evict_file(&p)?;
                out.files += 1;
            }
        }
    }
    Ok(out)
}

/// Drop one file from the page cache; returns its size.
pub fn evict_file(path: &Path) -> Result<u64> {
    let f = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let len = f.metadata()?.len();
    // SAFETY: plain syscalls on a file descriptor we own for the duration of the calls.
    let rc = unsafe {
        libc::fdatasync(f.as_raw_fd());
        libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED)
    };
    anyhow::ensure!(rc == 0, "{}: posix_fadvise failed with {rc}", path.display());
    Ok(len)
}

/// Bytes a process has caused to be read from storage so far (`read_bytes` of
/// `/proc/<pid>/io`; page-cache hits are not counted). None where the file is unreadable.
pub fn read_bytes(pid: u32) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/io")).ok()?;
    text.lines().find_map(|l| l.strip_prefix("read_bytes:")).and_then(|v| v.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read_all(path: &Path) {
        let mut buf = Vec::new();
        std::fs::File::open(path).unwrap().read_to_end(&mut buf).unwrap();
    }

    #[test]
    fn after_eviction_the_next_read_comes_from_disk() {
        // Not under a tmpfs (/tmp may be one): the target folder is on a real disk.
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/page-cache-test");
        std::fs::create_dir_all(&base).unwrap();
        let dir = tempfile::tempdir_in(&base).unwrap();
        let f = dir.path().join("data.bin");
        let size = 32 << 20;
        let data: Vec<u8> = (0..size).map(|i| ((i * 2654435761u64 as usize) >> 13) as u8).collect();
        std::fs::write(&f, &data).unwrap();
        let me = std::process::id();
        read_all(&f); // now in the page cache
        let before = read_bytes(me).expect("/proc/self/io");
        read_all(&f);
        let warm = read_bytes(me).unwrap() - before;
        let ev = evict_tree(dir.path()).unwrap();
        assert_eq!((ev.files, ev.bytes), (1, size as u64));
        let before = read_bytes(me).unwrap();
        read_all(&f);
        let cold = read_bytes(me).unwrap() - before;
        assert!(warm < size as u64 / 4, "a cached read came from disk: {warm} bytes");
        assert!(
            cold >= size as u64 * 9 / 10,
            "after eviction only {cold} of {size} bytes came from disk"
        );
    }
}
