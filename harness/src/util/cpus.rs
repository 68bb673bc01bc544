//! Running on fewer cores than the machine has, to measure how a query scales with them: the
//! process is pinned to the first N CPUs (threads and child processes started afterwards
//! inherit the affinity) and the engines are told to use N threads.

use anyhow::{bail, Result};

/// Pin this process's calling thread — and so every thread and process it starts afterwards —
/// to CPUs 0..n, and set the engines' thread settings (`LAKEPROOF_THREADS` for DuckDB and
/// chDB, `LAKEPROOF_SPARK_MASTER` for Spark; DataFusion and Tokio size themselves from the
/// affinity). Call it before any thread is started. Returns how it was done, for the result.
pub fn limit_to(n: usize) -> Result<String> {
    pin(n)?;
    // SAFETY: called before any other thread exists (documented above), so no thread reads
    // the environment concurrently.
    unsafe {
        std::env::set_var("LAKEPROOF_THREADS", n.to_string());
        std::env::set_var("LAKEPROOF_SPARK_MASTER", format!("local[{n}]"));
    }
    Ok(format!("CPU affinity of the run and its engine processes set to CPUs 0..{n} (sched_setaffinity); DuckDB threads, chDB max_threads and Spark local[{n}] set to {n}; DataFusion and Tokio size themselves from the affinity"))
}

/// Pin the calling thread (and what it starts afterwards) to CPUs 0..n.
fn pin(n: usize) -> Result<()> {
    let available = std::thread::available_parallelism().map_or(1, |c| c.get());
    if n == 0 || n > available {
        bail!("--cpus {n}: this machine has {available} CPUs available to lakeproof");
    }
    // SAFETY: a zeroed cpu_set_t is an empty set; CPU_SET writes within it; sched_setaffinity
    // reads it for the calling thread (pid 0).
    let rc = unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        for cpu in 0..n {
            libc::CPU_SET(cpu, &mut set);
        }
        libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set)
    };
    if rc != 0 {
        bail!("sched_setaffinity to {n} CPUs failed: {}", std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thread_pinned_to_one_cpu_sees_one_and_its_children_inherit_it() {
        // In a thread of its own, so the test process's other tests keep their CPUs.
        std::thread::spawn(|| {
            pin(1).unwrap();
            assert_eq!(std::thread::available_parallelism().unwrap().get(), 1);
            let child = std::thread::spawn(|| std::thread::available_parallelism().unwrap().get());
            assert_eq!(child.join().unwrap(), 1);
            let out = std::process::Command::new("nproc").output().unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
        })
        .join()
        .unwrap();
        assert!(pin(10_000).unwrap_err().to_string().contains("CPUs available"));
    }
}
