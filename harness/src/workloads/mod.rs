//! Workloads: profiles as data, the runner that measures them on engines, and the result file.

pub mod ctas;
pub mod profile;
pub mod runner;
