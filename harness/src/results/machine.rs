//! The machine a result was measured on, and when: every result kind records both, since a
//! number means little without them.

use lakeproof_generators::fmt::civil_string;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Machine {
    pub hostname: String,
    pub cpus: usize,
    pub memory_bytes: u64,
    pub os: String,
}

impl Machine {
    /// A coarse machine class for baseline file names, e.g. `2cpu-24gb` (memory rounded to
    /// whole GiB): runs on machines of one kind are comparable, across kinds they are not.
    pub fn kind(&self) -> String {
        format!(
            "{}cpu-{}gb",
            self.cpus,
            (self.memory_bytes as f64 / (1u64 << 30) as f64).round() as u64
        )
    }
}

/// This machine: hostname, cores, memory, OS.
pub fn machine() -> Machine {
    let memory_bytes = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines().next().and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024);
    Machine {
        hostname: std::fs::read_to_string("/etc/hostname")
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        memory_bytes,
        os: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
    }
}

/// Now, as an ISO-8601 UTC time (result files' `started_at` / `finished_at`).
pub fn now_iso() -> String {
    let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    civil_string(t.as_micros() as i64)
}
