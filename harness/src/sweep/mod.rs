//! `lakeproof sweep`: the same scenario at several daily volumes, the same profiles on the same
//! engines at each, then fits and projections to the target volume (see `crate::scale`).

pub mod assemble;
