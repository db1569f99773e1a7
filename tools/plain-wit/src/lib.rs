//! Test fixture: a plain WIT component (`wit/world.wit`), exporting
//! functions rather than a toolhost contract, as components built for other
//! hosts do. toolhost serves each function as a tool; its parameters and
//! results cover every kind of WIT type, one function uses a resource (not
//! served), and errors come back as `result` errs. The test artifacts build
//! adds the WIT's doc comments as a `package-docs` section, as wassette's
//! build tooling does. Never serve it to users.

wit_bindgen::generate!({
    path: "wit",
    world: "plain",
});

use std::cell::Cell;
use std::hint::black_box;

use exports::fixture::plain_wit::shapes::{
    self, Counter, GuestCounter, Label, MeasureError, Shape, Unit,
};

struct Component;

impl Guest for Component {
    fn say_hello(name: String) -> String {
        format!("Hello, {name}!")
    }

    fn do_nothing() {}

    fn refuse() -> Result<(), ()> {
        Err(())
    }

    fn count_down(rounds: u64) -> u64 {
        let mut left = rounds;
        while black_box(left) > 0 {
            left -= 1;
        }
        rounds
    }
}

impl shapes::Guest for Component {
    type Counter = CounterState;

    fn area(shape: Shape, unit: Option<Unit>) -> Result<f64, MeasureError> {
        let metres = match shape {
            Shape::Circle(r) if r < 0.0 => {
                return Err(MeasureError {
                    code: 422,
                    reason: format!("a circle cannot have a negative radius ({r})"),
                });
            }
            Shape::Circle(r) => std::f64::consts::PI * r * r,
            Shape::Rectangle((a, b)) => ((b.x - a.x) * (b.y - a.y)).abs(),
            Shape::Dot => 0.0,
        };
        Ok(match unit {
            Some(Unit::Millimetre) => metres * 1e6,
            Some(Unit::Metre) | None => metres,
        })
    }

    fn echo_label(label: Label) -> Label {
        label
    }

    fn integers(
        a: u8,
        b: i8,
        c: u16,
        d: i16,
        e: u32,
        f: i32,
        g: u64,
        h: i64,
    ) -> (u8, i8, u16, i16, u32, i32, u64, i64) {
        (a, b, c, d, e, f, g, h)
    }

    fn misc(
        half: f32,
        whole: f64,
        flag: bool,
        bytes: Vec<u8>,
        nested: Option<Option<String>>,
        outcome: Result<u32, String>,
    ) -> (
        f32,
        f64,
        bool,
        Vec<u8>,
        Option<Option<String>>,
        Result<u32, String>,
    ) {
        (half, whole, flag, bytes, nested, outcome)
    }

    fn divide(a: i32, b: i32) -> Result<i32, String> {
        a.checked_div(b)
            .ok_or_else(|| format!("cannot divide {a} by {b}"))
    }

    fn make_counter(start: u32) -> Counter {
        Counter::new(CounterState {
            count: Cell::new(start),
        })
    }
}

/// What a `counter` resource holds.
struct CounterState {
    count: Cell<u32>,
}

impl GuestCounter for CounterState {
    fn new(start: u32) -> Self {
        Self {
            count: Cell::new(start),
        }
    }

    fn increment(&self) -> u32 {
        self.count.set(self.count.get() + 1);
        self.count.get()
    }
}

export!(Component);
