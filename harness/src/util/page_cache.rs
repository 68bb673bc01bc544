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

/// `read_bytes` of a process and all its descendants (a Python driver's JVM, for one), from
/// `/proc`; None when the process itself cannot be read.
pub fn tree_read_bytes(pid: u32) -> Option<u64> {
    let mut total = read_bytes(pid)?;
    let mut parents = vec![pid];
    let procs: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| Some((p, parent_of(p)?)))
        .collect();
    while let Some(parent) = parents.pop() {
        for &(child, _) in procs.iter().filter(|(_, pp)| *pp == parent) {
            total += read_bytes(child).unwrap_or(0);
            parents.push(child);
        }
    }
    Some(total)
}

/// The parent pid from `/proc/<pid>/stat` (the field after the parenthesised command name).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat[stat.rfind(')')? + 1..].split_whitespace().nth(1)?.parse().ok()
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

    #[test]
    fn a_child_process_reads_count_for_its_parent_tree() {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/page-cache-test");
        std::fs::create_dir_all(&base).unwrap();
        let dir = tempfile::tempdir_in(&base).unwrap();
        let f = dir.path().join("data.bin");
        let size: u64 = 8 << 20;
        std::fs::write(&f, vec![7u8; size as usize]).unwrap();
        evict_file(&f).unwrap();
        // A shell (the tree's root) whose child reads the file and then stays alive, as a
        // driver's JVM does.
        let script = format!(
            "python3 -c \"import time; open('{}', 'rb').read(); time.sleep(30)\"; true",
            f.display()
        );
        let mut sh = std::process::Command::new("sh").arg("-c").arg(script).spawn().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        let mut tree = 0;
        while std::time::Instant::now() < deadline {
            tree = tree_read_bytes(sh.id()).unwrap_or(0);
            if tree >= size {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let own = read_bytes(sh.id()).unwrap_or(0);
        let _ = std::process::Command::new("pkill").args(["-P", &sh.id().to_string()]).status();
        let _ = sh.kill();
        let _ = sh.wait();
        assert!(own < size / 2, "the shell itself did not read the file: {own}");
        assert!(tree >= size, "the child's {size} bytes are in the tree's {tree}");
        assert_eq!(parent_of(std::process::id()), Some(std::os::unix::process::parent_id()));
    }
}
