//! Verdicts at a volume lakeproof did not measure: latency fitted against the data a query
//! touches, projected to the target daily volume with the error a held-out measurement showed;
//! cores from runs at one and two cores (Amdahl); analysts with think time instead of tight
//! loops. Pure arithmetic on measured points: the sweep measures, this module extrapolates, and
//! every projected number carries how it was made and how wrong the method was at the largest
//! measured volume.

pub mod analysts;
pub mod cores;
pub mod model;
