//! One module per `lakeproof` command (DataFusion's `dfbench` layout): its flags as a clap
//! `Args` struct and `Args::run`, which does the command and prints its summary.

pub mod bench;
pub mod compare;
pub mod cost;
pub mod generate;
pub mod lake;
pub mod ocsf;
pub mod profiles;
pub mod report;
pub mod results;
pub mod run;
pub mod sigma;
pub mod source;
pub mod stream;
pub mod sweep;
