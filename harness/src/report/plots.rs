//! The report's plots, drawn with plotters: SVG for the HTML (inline, so the page needs no other
//! file) and PNG for the README. Each plot is one function generic over the backend, so both
//! formats come from the same drawing code.

use anyhow::{anyhow, Context, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// PNG text needs a real font; plotters' ab_glyph backend takes it as bytes. DejaVu Sans is
/// Debian's `fonts-dejavu-core` (ci/test.sh installs it).
pub const FONT_PATH: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const FONT: &str = "sans-serif";
pub const SIZE: (u32, u32) = (960, 440);

/// Colour-blind-safe (Okabe–Ito) colours, one per engine or series.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(213, 94, 0),
    RGBColor(240, 228, 66),
    RGBColor(0, 0, 0),
];

pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Register the font once per process; the error names the file and the package to install.
pub fn register_font() -> Result<()> {
    static DONE: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        let bytes = std::fs::read(FONT_PATH).map_err(|e| format!("plots need the DejaVu Sans font at {FONT_PATH} ({e}); install Debian's fonts-dejavu-core"))?;
        plotters::style::register_font(FONT, FontStyle::Normal, Box::leak(bytes.into_boxed_slice())).map_err(|_| format!("{FONT_PATH}: not a usable TrueType font"))
    })
    .clone()
    .map_err(|e| anyhow!(e))
}

/// Median latency of a profile on an engine (geometric mean over its successful queries).
pub struct LatencyBar {
    pub profile: String,
    pub engine: String,
    pub ms: f64,
}

pub struct CompressionBar {
    pub source: String,
    pub ratio: f64,
}

/// One storage class's monthly cost at several daily volumes.
pub struct CostLine {
    pub name: String,
    /// (daily raw GB, dollars per month)
    pub points: Vec<(f64, f64)>,
}

pub struct CostPlot {
    pub lines: Vec<CostLine>,
    pub budget: f64,
    pub target_daily_gb: f64,
    pub caption: String,
}

type DrawResult = Result<()>;

/// Every plot's legend: boxed, on a white ground, in the given corner and font size.
fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
    size: u32,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .label_font((FONT, size))
        .draw()
        .map_err(err)
}

fn err<E: std::fmt::Debug>(e: E) -> anyhow::Error {
    anyhow!("drawing a plot: {e:?}")
}

/// Category labels under a continuous x axis: plotters places numeric ticks where it likes, so
/// names are drawn at the category centres through the chart's pixel mapping.
fn category_labels<DB: DrawingBackend, Y: plotters::coord::ranged1d::Ranged<ValueType = f64>>(
    root: &DrawingArea<DB, Shift>,
    chart: &ChartContext<DB, Cartesian2d<plotters::coord::types::RangedCoordf64, Y>>,
    names: &[String],
    y_bottom: f64,
) -> DrawResult {
    let style = TextStyle::from((FONT, 15).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, n) in names.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64 + 0.5, y_bottom));
        root.draw(&Text::new(n.clone(), (x, y + 8), style.clone())).map_err(err)?;
    }
    Ok(())
}

pub fn latency<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    bars: &[LatencyBar],
    caption: &str,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let mut profiles: Vec<String> = Vec::new();
    let mut engines: Vec<String> = Vec::new();
    for b in bars {
        if !profiles.contains(&b.profile) {
            profiles.push(b.profile.clone());
        }
        if !engines.contains(&b.engine) {
            engines.push(b.engine.clone());
        }
    }
    let lo = (bars.iter().map(|b| b.ms).fold(f64::INFINITY, f64::min).min(1000.0) / 3.0).max(0.1);
    let hi = bars.iter().map(|b| b.ms).fold(1.0, f64::max) * 2.0;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FONT, 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(80)
        .build_cartesian_2d(0f64..profiles.len().max(1) as f64, (lo..hi).log_scale())
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("milliseconds (log scale)")
        .y_label_formatter(&|v| {
            if *v >= 1000.0 {
                format!("{:.0} s", v / 1000.0)
            } else {
                format!("{v:.0} ms")
            }
        })
        .label_style((FONT, 13))
        .draw()
        .map_err(err)?;
    let width = 0.8 / engines.len().max(1) as f64;
    for (ei, engine) in engines.iter().enumerate() {
        let c = colour(ei);
        let rects: Vec<_> = bars
            .iter()
            .filter(|b| &b.engine == engine)
            .map(|b| {
                let pi = profiles.iter().position(|p| *p == b.profile).unwrap_or(0) as f64;
                let x0 = pi + 0.1 + ei as f64 * width;
                Rectangle::new([(x0, lo), (x0 + width * 0.92, b.ms)], c.filled())
            })
            .collect();
        chart
            .draw_series(rects)
            .map_err(err)?
            .label(engine.clone())
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], c.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)?;
    category_labels(&root, &chart, &profiles, lo)?;
    root.present().map_err(err)
}

pub fn compression<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    bars: &[CompressionBar],
    band: (f64, f64),
    caption: &str,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let hi = bars.iter().map(|b| b.ratio).fold(band.1, f64::max) * 1.15;
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FONT, 20))
        .margin(12)
        .x_label_area_size(36)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..bars.len().max(1) as f64, 0f64..hi)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("raw bytes per on-disk byte (×)")
        .label_style((FONT, 13))
        .draw()
        .map_err(err)?;
    let names: Vec<String> = bars.iter().map(|b| b.source.clone()).collect();
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Rectangle::new([(i as f64 + 0.15, 0.0), (i as f64 + 0.85, b.ratio)], colour(0).filled())
        }))
        .map_err(err)?
        .label("measured ratio")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour(0).filled()));
    chart
        .draw_series(bars.iter().enumerate().map(|(i, b)| {
            Text::new(
                format!("{:.1}×", b.ratio),
                (i as f64 + 0.5, b.ratio),
                TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )
        }))
        .map_err(err)?;
    let n = bars.len().max(1) as f64;
    for (v, what) in [(band.0, "roadmap band"), (band.1, "")] {
        let s = chart
            .draw_series(LineSeries::new(
                [(0.0, v), (n, v)],
                ShapeStyle::from(&colour(5)).stroke_width(2),
            ))
            .map_err(err)?;
        if !what.is_empty() {
            s.label(format!("{what} {}–{}×", band.0, band.1)).legend(|(x, y)| {
                PathElement::new([(x, y), (x + 14, y)], colour(5).stroke_width(2))
            });
        }
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight, 14)?;
    category_labels(&root, &chart, &names, 0.0)?;
    root.present().map_err(err)
}

pub fn cost<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, plot: &CostPlot) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let x_hi = plot.lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).fold(1.0, f64::max);
    let y_hi =
        plot.lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)).fold(plot.budget, f64::max)
            * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption(&plot.caption, (FONT, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .build_cartesian_2d(0f64..x_hi, 0f64..y_hi)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("raw volume per day (GB)")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("$ per month")
        .y_label_formatter(&|v| format!("${v:.0}"))
        .label_style((FONT, 13))
        .draw()
        .map_err(err)?;
    for (i, l) in plot.lines.iter().enumerate() {
        let c = colour(i);
        chart
            .draw_series(LineSeries::new(l.points.clone(), c.stroke_width(3)))
            .map_err(err)?
            .label(l.name.clone())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], c.stroke_width(3)));
    }
    let red = RGBColor(200, 0, 0);
    chart
        .draw_series(LineSeries::new(
            [(0.0, plot.budget), (x_hi, plot.budget)],
            red.stroke_width(2),
        ))
        .map_err(err)?
        .label(format!("${:.0}/month target", plot.budget))
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], red.stroke_width(2)));
    let grey = RGBColor(80, 80, 80);
    chart
        .draw_series(LineSeries::new(
            [(plot.target_daily_gb, 0.0), (plot.target_daily_gb, y_hi)],
            grey.stroke_width(2),
        ))
        .map_err(err)?
        .label(format!("{:.0} GB/day", plot.target_daily_gb))
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], grey.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)?;
    root.present().map_err(err)
}

/// A stream's growth: data files after each commit, and each alert round's summed query time,
/// against scenario minutes since the stream started.
pub struct GrowthPlot {
    pub files: Vec<(f64, f64)>,
    pub query_ms: Vec<(f64, f64)>,
    pub caption: String,
}

pub fn growth<DB: DrawingBackend>(root: DrawingArea<DB, Shift>, plot: &GrowthPlot) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let x_hi = plot.files.iter().chain(&plot.query_ms).map(|p| p.0).fold(1.0, f64::max);
    let files_hi = plot.files.iter().map(|p| p.1).fold(1.0, f64::max) * 1.1;
    let ms_hi = plot.query_ms.iter().map(|p| p.1).fold(1.0, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(&root)
        .caption(&plot.caption, (FONT, 20))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(70)
        .right_y_label_area_size(70)
        .build_cartesian_2d(0f64..x_hi, 0f64..files_hi)
        .map_err(err)?
        .set_secondary_coord(0f64..x_hi, 0f64..ms_hi);
    chart
        .configure_mesh()
        .x_desc("scenario minutes since the stream started")
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_desc("data files (all tables)")
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style((FONT, 13))
        .draw()
        .map_err(err)?;
    chart
        .configure_secondary_axes()
        .y_desc("alert round: summed query ms")
        .label_style((FONT, 13))
        .draw()
        .map_err(err)?;
    let (c0, c1) = (colour(0), colour(5));
    chart
        .draw_series(LineSeries::new(plot.files.clone(), c0.stroke_width(3)))
        .map_err(err)?
        .label("data files")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], c0.stroke_width(3)));
    chart
        .draw_secondary_series(LineSeries::new(plot.query_ms.clone(), c1.stroke_width(2)))
        .map_err(err)?
        .label("alert queries per round (ms, right axis)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 14, y)], c1.stroke_width(2)));
    legend(&mut chart, SeriesLabelPosition::UpperLeft, 14)?;
    root.present().map_err(err)
}

/// One engine's scaling over a profile's queries: measured points, each query's fitted curve
/// out to its projection, and the projected points.
pub struct ScalingSeries {
    pub engine: String,
    /// (GB touched, ms)
    pub measured: Vec<(f64, f64)>,
    pub fitted: Vec<Vec<(f64, f64)>>,
    pub projected: Vec<(f64, f64)>,
}

/// A profile's panel: latency against the bytes its queries touch, log-log.
pub struct ScalingPanel {
    pub caption: String,
    pub target_ms: f64,
    pub series: Vec<ScalingSeries>,
}

const PANEL_HEIGHT: u32 = 380;

/// Axis labels on log scales: 0.001 … 0.1, 1, 10, 1k, 10k, 1M.
fn short_number(v: f64) -> String {
    match v {
        v if v >= 1e6 => format!("{:.0}M", v / 1e6),
        v if v >= 1e3 => format!("{:.0}k", v / 1e3),
        v if v >= 1.0 => format!("{v:.0}"),
        v => format!("{}", (v * 1000.0).round() / 1000.0),
    }
}

pub fn scaling<DB: DrawingBackend>(
    root: DrawingArea<DB, Shift>,
    panels: &[ScalingPanel],
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    for (area, panel) in root.split_evenly((panels.len().max(1), 1)).into_iter().zip(panels) {
        scaling_panel(area, panel)?;
    }
    root.present().map_err(err)
}

fn scaling_panel<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    panel: &ScalingPanel,
) -> DrawResult {
    let all = || {
        panel
            .series
            .iter()
            .flat_map(|s| s.measured.iter().chain(s.fitted.iter().flatten()).chain(&s.projected))
    };
    let x_lo = all().map(|p| p.0).fold(f64::INFINITY, f64::min).clamp(1e-6, 1e9) / 2.0;
    let x_hi = all().map(|p| p.0).fold(0.0, f64::max).max(x_lo * 4.0) * 2.0;
    let y_lo = all().map(|p| p.1).fold(panel.target_ms, f64::min).max(0.1) / 2.0;
    let y_hi = all().map(|p| p.1).fold(panel.target_ms, f64::max) * 2.0;
    let mut chart = ChartBuilder::on(&area)
        .caption(&panel.caption, (FONT, 18))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(70)
        .build_cartesian_2d((x_lo..x_hi).log_scale(), (y_lo..y_hi).log_scale())
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc("GB the query's window selects (log)")
        .x_label_formatter(&|v| short_number(*v))
        .y_desc("ms (log)")
        .y_label_formatter(&|v| short_number(*v))
        .label_style((FONT, 12))
        .draw()
        .map_err(err)?;
    let target = panel.target_ms;
    chart
        .draw_series(LineSeries::new([(x_lo, target), (x_hi, target)], RED.stroke_width(1)))
        .map_err(err)?
        .label(format!("target {target:.0} ms"))
        .legend(|(x, y)| PathElement::new([(x, y), (x + 14, y)], RED.stroke_width(1)));
    for (i, s) in panel.series.iter().enumerate() {
        let c = colour(i);
        chart
            .draw_series(s.measured.iter().map(|&p| Circle::new(p, 3, c.filled())))
            .map_err(err)?
            .label(s.engine.clone())
            .legend(move |(x, y)| Circle::new((x + 7, y), 4, c.filled()));
        for curve in &s.fitted {
            chart.draw_series(LineSeries::new(curve.clone(), c.stroke_width(1))).map_err(err)?;
        }
        chart
            .draw_series(s.projected.iter().map(|&p| Circle::new(p, 6, c.stroke_width(2))))
            .map_err(err)?;
    }
    legend(&mut chart, SeriesLabelPosition::UpperLeft, 12)?;
    Ok(())
}

/// A plot of the report, with its data.
pub enum Plot {
    Latency { bars: Vec<LatencyBar>, caption: String },
    Compression { bars: Vec<CompressionBar>, band: (f64, f64), caption: String },
    Cost(CostPlot),
    Growth(GrowthPlot),
    Scaling(Vec<ScalingPanel>),
}

impl Plot {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> DrawResult {
        match self {
            Plot::Latency { bars, caption } => latency(root, bars, caption),
            Plot::Compression { bars, band, caption } => compression(root, bars, *band, caption),
            Plot::Cost(c) => cost(root, c),
            Plot::Growth(g) => growth(root, g),
            Plot::Scaling(panels) => scaling(root, panels),
        }
    }

    fn size(&self) -> (u32, u32) {
        match self {
            Plot::Scaling(panels) => (SIZE.0, PANEL_HEIGHT * panels.len().max(1) as u32),
            _ => SIZE,
        }
    }

    /// Draw the plot as an SVG document (returned) and as a PNG file at `png`.
    pub fn render(&self, png: &Path) -> Result<String> {
        register_font()?;
        let mut svg = String::new();
        let size = self.size();
        self.draw(SVGBackend::with_string(&mut svg, size).into_drawing_area())?;
        self.draw(BitMapBackend::new(png, size).into_drawing_area())
            .with_context(|| format!("writing {}", png.display()))?;
        Ok(svg)
    }
}
