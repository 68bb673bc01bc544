//! One module per built-in source. Each implements [`crate::Source`]: generate events for a
//! unit, render them in the native raw format, convert them to Arrow. `defined` generates the
//! sources a TOML file describes.

pub mod cloudtrail;
pub mod defined;
pub mod vpcflow;
pub mod windows;
pub mod zeek;
