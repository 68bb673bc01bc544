//! What this process has used, measured by the process itself: a parent's `wait4` cannot give
//! a child's peak memory, because Linux folds the parent's own high-water mark into the child's
//! `ru_maxrss` when the child is spawned (the memory it shared until `exec`).

/// CPU seconds (user + system) this process has used so far.
pub fn cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the struct we pass and has no other effect.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// Peak resident set size of this process in bytes (Linux VmHWM), 0 where unavailable.
pub fn peak_rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Allocations from which glibc's malloc serves each block with a mapping of its own.
const MMAP_THRESHOLD: usize = 1 << 20;

/// Keep glibc from holding freed Arrow and Parquet buffers in its heap arenas.
///
/// glibc raises its mmap threshold every time a mapped block is freed (up to 32 MiB), so after
/// the first flush the lake writer's multi-megabyte column buffers come from the arenas, which
/// fragment and do not shrink: the generator's peak RSS crept from 1.41 GB at 5 GB/day to
/// 2.12 GB at 150 GB/day while its live heap stayed under 1 GB (heaptrack, docs/performance.md).
/// A fixed threshold turns that adjustment off; large buffers go back to the system when freed.
/// A threshold the user set in `GLIBC_TUNABLES` is left alone.
pub fn release_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("mmap_threshold")) {
        // SAFETY: mallopt only changes allocator parameters for later allocations.
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_used_cpu_and_memory() {
        let v: Vec<u64> = (0..2_000_000).collect();
        assert!(v.iter().sum::<u64>() > 0);
        assert!(cpu_seconds() > 0.0);
        assert!(peak_rss_bytes() > 16 << 20);
    }
}
