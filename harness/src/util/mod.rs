//! Small helpers every room of the harness uses: atomic file writes, sizes and durations as
//! users type them, and TOML files read with errors that name the file, line and field.

pub mod fs;
pub mod toml_file;
pub mod units;
