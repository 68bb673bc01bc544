//! Scaling models of query latency y (ms) against the bytes a query touches x: a line
//! `y = a + b·x` (a fixed cost plus a throughput) and a power law `y = a·x^b` (b < 1 when the
//! engine prunes or caches better at scale, b > 1 when it spills). Each is fitted by least
//! squares (the power law on logarithms), the model is chosen by leave-one-out error on the
//! fitting points, and the method is validated by fitting without the largest volume and
//! predicting it.

use serde::{Deserialize, Serialize};

/// A measured point: bytes touched, latency in ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// y = a + b·x
    Linear,
    /// y = a·x^b
    Power,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    pub kind: Kind,
    pub a: f64,
    pub b: f64,
    /// Coefficient of determination on the fitting points (in log space for the power law).
    pub r2: f64,
    pub points: usize,
}

impl Fit {
    pub fn predict(&self, x: f64) -> f64 {
        match self.kind {
            Kind::Linear => self.a + self.b * x,
            Kind::Power => self.a * x.max(f64::MIN_POSITIVE).powf(self.b),
        }
    }

    /// The model as a formula with its coefficients, x in GB, for reports.
    pub fn formula(&self) -> String {
        match self.kind {
            Kind::Linear => {
                format!("{:.0} ms + {:.1} ms/GB·x (R² {:.3})", self.a, self.b * 1e9, self.r2)
            }
            Kind::Power => format!(
                "{:.1} ms·x_GB^{:.2} (R² {:.3} on logs)",
                self.a * 1e9f64.powf(self.b),
                self.b,
                self.r2
            ),
        }
    }
}

/// Ordinary least squares y = a + b·x with R²; None for fewer than two distinct x.
fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64, f64)> {
    let n = xs.len() as f64;
    if xs.len() < 2 {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n;
    let my = ys.iter().sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx <= f64::EPSILON * mx.abs().max(1.0) {
        return None;
    }
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let b = sxy / sxx;
    let a = my - b * mx;
    let ss_tot: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    let ss_res: f64 = xs.iter().zip(ys).map(|(x, y)| (y - a - b * x).powi(2)).sum();
    let r2 = if ss_tot > 0.0 { 1.0 - ss_res / ss_tot } else { 1.0 };
    Some((a, b, r2))
}

/// Least-squares fit of one model. Latency does not fall as a query touches more data, so a
/// fitted decrease (noise on a flat query) is replaced by the flat model of the same kind: the
/// mean (line) or geometric mean (power law), with R² 0.
pub fn fit(kind: Kind, points: &[Point]) -> Option<Fit> {
    let f = unconstrained(kind, points)?;
    if f.b >= 0.0 {
        return Some(f);
    }
    let n = points.len() as f64;
    let a = match kind {
        Kind::Linear => points.iter().map(|p| p.y).sum::<f64>() / n,
        Kind::Power => (points.iter().map(|p| p.y.ln()).sum::<f64>() / n).exp(),
    };
    Some(Fit { kind, a, b: 0.0, r2: 0.0, points: points.len() })
}

fn unconstrained(kind: Kind, points: &[Point]) -> Option<Fit> {
    let (xs, ys): (Vec<f64>, Vec<f64>) = match kind {
        Kind::Linear => points.iter().map(|p| (p.x, p.y)).unzip(),
        Kind::Power => {
            if points.iter().any(|p| p.x <= 0.0 || p.y <= 0.0) {
                return None;
            }
            points.iter().map(|p| (p.x.ln(), p.y.ln())).unzip()
        }
    };
    let (a, b, r2) = least_squares(&xs, &ys)?;
    let a = if kind == Kind::Power { a.exp() } else { a };
    Some(Fit { kind, a, b, r2, points: points.len() })
}

/// |predicted − measured| / measured.
pub fn relative_error(predicted: f64, measured: f64) -> f64 {
    (predicted - measured).abs() / measured.abs().max(f64::MIN_POSITIVE)
}

/// Mean leave-one-out relative error of a model on the points (None when a fold cannot be fitted).
fn loo_error(kind: Kind, points: &[Point]) -> Option<f64> {
    let mut total = 0.0;
    for i in 0..points.len() {
        let rest: Vec<Point> =
            points.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, p)| *p).collect();
        total += relative_error(fit(kind, &rest)?.predict(points[i].x), points[i].y);
    }
    Some(total / points.len() as f64)
}

/// The better of the two models on these points: the one with the lower leave-one-out error
/// when there are at least three points, else the line (two points cannot tell them apart).
pub fn best_fit(points: &[Point]) -> Option<Fit> {
    let line = fit(Kind::Linear, points);
    let power = fit(Kind::Power, points);
    if points.len() < 3 {
        return line.or(power);
    }
    match (line, power) {
        (Some(l), Some(p)) => {
            let (el, ep) = (loo_error(Kind::Linear, points), loo_error(Kind::Power, points));
            match (el, ep) {
                (Some(el), Some(ep)) if ep < el => Some(p),
                (None, Some(_)) => Some(p),
                _ => Some(l),
            }
        }
        (l, p) => l.or(p),
    }
}

/// A projection to a larger x with the error the method showed on held-out data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// The model fitted on every measured point, used for the projection.
    pub fit: Fit,
    pub x: f64,
    pub value: f64,
    /// How far past the largest measured x the projection reaches (x / largest measured x).
    pub extrapolation: f64,
    pub holdout: Option<Holdout>,
}

/// Fit without the largest x, predict it, compare with what was measured there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holdout {
    pub fit: Fit,
    pub x: f64,
    pub predicted: f64,
    pub measured: f64,
    pub relative_error: f64,
}

/// Held-out validation: the model chosen on all points but the largest-x one predicts it.
pub fn holdout(points: &[Point]) -> Option<Holdout> {
    let (last, rest) = sorted(points).split_last().map(|(l, r)| (*l, r.to_vec()))?;
    let fit = best_fit(&rest)?;
    let predicted = fit.predict(last.x);
    Some(Holdout {
        fit,
        x: last.x,
        predicted,
        measured: last.y,
        relative_error: relative_error(predicted, last.y),
    })
}

fn sorted(points: &[Point]) -> Vec<Point> {
    let mut v = points.to_vec();
    v.sort_by(|a, b| a.x.total_cmp(&b.x));
    v
}

/// Project to `x` from every measured point, with the held-out error of the same method.
pub fn project(points: &[Point], x: f64) -> Option<Projection> {
    let fit = best_fit(points)?;
    let largest = points.iter().map(|p| p.x).fold(f64::MIN, f64::max);
    Some(Projection {
        fit,
        x,
        value: fit.predict(x),
        extrapolation: x / largest.max(f64::MIN_POSITIVE),
        holdout: holdout(points),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        relative_error(a, b) < tol
    }

    #[test]
    fn a_known_line_is_recovered_and_chosen() {
        // 200 ms of planning plus 1.5 s per GB, with ±1 % noise.
        let noise = [1.01, 0.99, 1.005, 0.995, 1.0];
        let points: Vec<Point> = [1e9, 4e9, 16e9, 64e9, 128e9]
            .iter()
            .zip(noise)
            .map(|(&x, n)| Point { x, y: (200.0 + 1.5e-6 * x) * n })
            .collect();
        let f = best_fit(&points).unwrap();
        assert_eq!(f.kind, Kind::Linear);
        assert!(close(f.b, 1.5e-6, 0.02) && f.r2 > 0.999, "{f:?}");
        let p = project(&points, 500e9).unwrap();
        assert!(close(p.value, 200.0 + 1.5e-6 * 500e9, 0.03), "{p:?}");
        assert!(close(p.extrapolation, 500.0 / 128.0, 1e-9));
        let h = p.holdout.unwrap();
        assert_eq!(h.x, 128e9);
        assert!(h.relative_error < 0.03, "{h:?}");
    }

    #[test]
    fn a_known_power_law_is_recovered_and_chosen() {
        // Sub-linear: y = 3·x^0.6 (pruning and caching get better with size).
        let points: Vec<Point> =
            [1e6, 1e7, 1e8, 1e9, 1e10].iter().map(|&x| Point { x, y: 3.0 * x.powf(0.6) }).collect();
        let f = best_fit(&points).unwrap();
        assert_eq!(f.kind, Kind::Power);
        assert!(close(f.a, 3.0, 1e-6) && close(f.b, 0.6, 1e-9), "{f:?}");
        assert!(close(f.predict(1e12), 3.0 * 1e12f64.powf(0.6), 1e-6));
        let h = holdout(&points).unwrap();
        assert!(h.relative_error < 1e-6 && h.fit.points == 4, "{h:?}");
    }

    #[test]
    fn the_holdout_reports_a_wrong_extrapolation() {
        // Flat, then a jump at the largest volume (a spill): the line through the first three
        // cannot see it, and the held-out error says so.
        let points = [
            Point { x: 1.0, y: 100.0 },
            Point { x: 2.0, y: 101.0 },
            Point { x: 4.0, y: 102.0 },
            Point { x: 8.0, y: 400.0 },
        ];
        let h = holdout(&points).unwrap();
        assert!(h.relative_error > 0.7, "{h:?}");
        assert_eq!(h.measured, 400.0);
    }

    #[test]
    fn a_falling_fit_is_read_as_flat() {
        let points: Vec<Point> =
            [(1.0, 12.0), (2.0, 11.0), (4.0, 10.0)].iter().map(|&(x, y)| Point { x, y }).collect();
        let f = fit(Kind::Linear, &points).unwrap();
        assert_eq!((f.b, f.a, f.predict(1e6)), (0.0, 11.0, 11.0));
        let f = fit(Kind::Power, &points).unwrap();
        assert_eq!(f.b, 0.0);
        assert!((f.predict(1e9) - (12.0f64 * 11.0 * 10.0).powf(1.0 / 3.0)).abs() < 1e-9);
    }

    #[test]
    fn degenerate_inputs_give_no_fit() {
        assert!(best_fit(&[Point { x: 1.0, y: 1.0 }]).is_none());
        assert!(best_fit(&[Point { x: 2.0, y: 1.0 }, Point { x: 2.0, y: 3.0 }]).is_none());
        assert!(fit(Kind::Power, &[Point { x: 0.0, y: 1.0 }, Point { x: 1.0, y: 2.0 }]).is_none());
    }
}
