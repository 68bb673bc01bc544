//! One module per source. Each implements [`crate::Source`]: generate events for a unit,
//! render them in the native raw format, convert them to Arrow.

pub mod cloudtrail;
pub mod vpcflow;
pub mod windows;
pub mod zeek;
