//! Small helpers every room of the harness uses: atomic file writes, sizes and durations as
//! users type them, and TOML files read with errors that name the file, line and field.

pub mod cpus;
pub mod disk;
pub mod fs;
pub mod page_cache;
pub mod process;
pub mod toml_file;
pub mod units;
