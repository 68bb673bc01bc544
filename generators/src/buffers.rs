//! A per-thread pool of byte buffers for raw documents.
//!
//! On the lake path a unit's raw documents are rendered only to be measured, then dropped; on
//! this VM first-touch of fresh memory costs more than the formatting itself (0.4–1.5 GB/s), so
//! the buffers go back to a small per-thread pool and the next unit reuses them, already paged in.
//! The pool is bounded by bytes as well as by count: a buffer grows to the largest document it
//! ever held, and sixteen of the largest per thread once made memory grow with the run's length.

use std::cell::RefCell;

const POOL: usize = 16;
/// Capacity a thread's pool may hold.
const POOL_BYTES: usize = 64 << 20;

thread_local! {
    static FREE: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// An empty buffer with at least `capacity` bytes reserved (recycled when one is available).
pub fn take(capacity: usize) -> Vec<u8> {
    let mut v = FREE.with(|f| f.borrow_mut().pop()).unwrap_or_default();
    v.clear();
    v.reserve(capacity);
    v
}

/// Return a buffer for reuse on this thread.
pub fn give(v: Vec<u8>) {
    FREE.with(|f| {
        let mut f = f.borrow_mut();
        let held: usize = f.iter().map(Vec::capacity).sum();
        if f.len() < POOL && held + v.capacity() <= POOL_BYTES {
            f.push(v);
        }
    });
}
