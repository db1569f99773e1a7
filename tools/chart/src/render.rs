//! Drawing a bar chart into an RGB pixel buffer: where the axes and the
//! bars go, then filling those rectangles. There is no text: a component
//! would need a font for that, and the tool's summary names the bars.

/// The colours, far enough apart to tell at a glance (and in a test).
pub const BACKGROUND: [u8; 3] = [255, 255, 255];
pub const AXIS: [u8; 3] = [48, 48, 48];
/// Bars above the axis.
pub const BAR: [u8; 3] = [52, 101, 164];
/// Bars below the axis (negative values).
pub const NEGATIVE: [u8; 3] = [204, 64, 32];

/// Empty space around the chart, in pixels.
const MARGIN: u32 = 8;
/// The thickness of both axis lines.
const AXIS_WIDTH: u32 = 2;

/// A rectangle of pixels: `x..x + width` by `y..y + height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

impl Rect {
    /// A pixel inside the rectangle, as far from its edges as can be.
    #[cfg(test)]
    pub fn centre(&self) -> (u32, u32) {
        (self.x + self.width / 2, self.y + self.height / 2)
    }
}

/// Where everything goes. Computed separately from the drawing so that
/// tests can name the rectangles they check.
#[derive(Debug, PartialEq)]
pub struct Layout {
    /// One per value, left to right; zero height for a zero value.
    pub bars: Vec<Rect>,
    /// The horizontal axis, at value 0.
    pub baseline: Rect,
    /// The vertical axis, along the left of the plot.
    pub side: Rect,
}

/// Lays out `values` on a `width` by `height` image. The value range
/// always includes 0, so every bar starts at the baseline: upwards for
/// positive values, downwards for negative ones.
///
/// The caller keeps `width` and `height` at least 64 and `values` at most
/// as many as the plot is pixels wide, so every bar gets a column.
pub fn layout(values: &[f64], width: u32, height: u32) -> Layout {
    let (left, right) = (MARGIN + AXIS_WIDTH, width - MARGIN);
    let (top, bottom) = (MARGIN, height - MARGIN);
    let (plot_width, plot_height) = (right - left, bottom - top);

    let high = values.iter().copied().fold(0.0, f64::max);
    let low = values.iter().copied().fold(0.0, f64::min);
    // All zeros: any span will do, every bar is empty.
    let span = if high > low { high - low } else { 1.0 };
    let pixels = |value: f64| (value.abs() / span * f64::from(plot_height)).round() as u32;
    let zero = top + pixels(high);

    let count = values.len() as u32;
    let bars = values
        .iter()
        .zip(0..)
        .map(|(&value, i)| {
            let start = left + i * plot_width / count;
            let end = left + (i + 1) * plot_width / count;
            // A fifth of the slot on each side separates neighbours.
            let gap = (end - start) / 5;
            // A value too small to show still gets a pixel, so no bar
            // looks like a missing one.
            let length = if value == 0.0 {
                0
            } else {
                pixels(value).max(1)
            };
            let (y, length) = if value > 0.0 {
                (zero - length.min(zero - top), length.min(zero - top))
            } else {
                (zero, length.min(bottom - zero))
            };
            Rect {
                x: start + gap,
                y,
                width: end - start - 2 * gap,
                height: length,
            }
        })
        .collect();
    Layout {
        bars,
        baseline: Rect {
            x: MARGIN,
            y: zero.saturating_sub(AXIS_WIDTH / 2).max(top),
            width: right - MARGIN,
            height: AXIS_WIDTH,
        },
        side: Rect {
            x: MARGIN,
            y: top,
            width: AXIS_WIDTH,
            height: plot_height,
        },
    }
}

/// An RGB image being drawn.
pub struct Canvas {
    width: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            pixels: BACKGROUND.repeat(width as usize * height as usize),
        }
    }

    /// Paints `rect`, cut to the canvas.
    fn fill(&mut self, rect: Rect, colour: [u8; 3]) {
        let height = (self.pixels.len() / 3) as u32 / self.width;
        for y in rect.y..(rect.y + rect.height).min(height) {
            let row = (y * self.width) as usize;
            let from = row + rect.x.min(self.width) as usize;
            let to = row + (rect.x + rect.width).min(self.width) as usize;
            for pixel in self.pixels[from * 3..to * 3].chunks_exact_mut(3) {
                pixel.copy_from_slice(&colour);
            }
        }
    }

    /// The pixels, `R G B` each, top row first.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }
}

/// Draws the chart: the axes first, then the bars over the baseline, so
/// that even a bar one pixel tall shows.
pub fn render(values: &[f64], width: u32, height: u32) -> Canvas {
    let layout = layout(values, width, height);
    let mut canvas = Canvas::new(width, height);
    canvas.fill(layout.baseline, AXIS);
    canvas.fill(layout.side, AXIS);
    for (rect, &value) in layout.bars.iter().zip(values) {
        canvas.fill(*rect, if value < 0.0 { NEGATIVE } else { BAR });
    }
    canvas
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(canvas: &Canvas, x: u32, y: u32) -> [u8; 3] {
        let at = (y * canvas.width + x) as usize * 3;
        canvas.pixels[at..at + 3].try_into().unwrap()
    }

    #[test]
    fn bars_stand_on_the_baseline_in_proportion() {
        // 100x100: the plot spans x 10..92 and y 8..92. Values 1 and 2: the
        // baseline is at the bottom, the second bar is full height, the
        // first half of it.
        let layout = layout(&[1.0, 2.0], 100, 100);
        assert_eq!(
            layout.bars,
            [
                Rect {
                    x: 18,
                    y: 50,
                    width: 25,
                    height: 42
                },
                Rect {
                    x: 59,
                    y: 8,
                    width: 25,
                    height: 84
                },
            ]
        );
        assert_eq!(
            layout.baseline,
            Rect {
                x: 8,
                y: 91,
                width: 84,
                height: 2
            }
        );
        assert_eq!(
            layout.side,
            Rect {
                x: 8,
                y: 8,
                width: 2,
                height: 84
            }
        );

        let canvas = render(&[1.0, 2.0], 100, 100);
        assert_eq!(pixel(&canvas, 30, 70), BAR, "inside the first bar");
        assert_eq!(pixel(&canvas, 71, 20), BAR, "top of the second bar");
        assert_eq!(pixel(&canvas, 30, 30), BACKGROUND, "above the first bar");
        assert_eq!(pixel(&canvas, 50, 70), BACKGROUND, "between the bars");
        assert_eq!(
            pixel(&canvas, 50, 91),
            AXIS,
            "the baseline, between the bars"
        );
        assert_eq!(pixel(&canvas, 30, 91), BAR, "a bar covers the baseline");
        assert_eq!(pixel(&canvas, 9, 40), AXIS, "the side axis");
        assert_eq!(pixel(&canvas, 2, 2), BACKGROUND, "the margin");
    }

    #[test]
    fn negative_values_hang_below_the_baseline_in_their_own_colour() {
        // Range -1..3: the baseline sits three quarters of the way down.
        let layout = layout(&[3.0, -1.0], 100, 100);
        assert_eq!(layout.baseline.y, 70);
        let [up, down] = layout.bars[..] else {
            panic!()
        };
        assert_eq!((up.y, up.y + up.height), (8, 71));
        assert_eq!((down.y, down.y + down.height), (71, 92));
        let canvas = render(&[3.0, -1.0], 100, 100);
        let (x, y) = up.centre();
        assert_eq!(pixel(&canvas, x, y), BAR);
        let (x, y) = down.centre();
        assert_eq!(pixel(&canvas, x, y), NEGATIVE);
    }

    #[test]
    fn every_one_of_64_bars_gets_a_column_even_tiny_ones() {
        let mut values = vec![1e9; 64];
        values[5] = 1.0;
        values[6] = 0.0;
        let layout = layout(&values, 96, 64);
        let bars = &layout.bars;
        assert!(bars.iter().all(|bar| bar.width >= 1), "{bars:?}");
        assert!(bars.windows(2).all(|w| w[0].x + w[0].width <= w[1].x));
        assert_eq!(bars[5].height, 1, "too small to see, shown all the same");
        assert_eq!(bars[6].height, 0);
        let canvas = render(&values, 96, 64);
        assert_eq!(pixel(&canvas, bars[5].x, bars[5].y), BAR);
    }

    #[test]
    fn all_zero_values_draw_only_the_axes() {
        let canvas = render(&[0.0, 0.0], 120, 80);
        assert!(
            canvas
                .pixels
                .chunks_exact(3)
                .all(|p| p == BACKGROUND || p == AXIS)
        );
    }
}
