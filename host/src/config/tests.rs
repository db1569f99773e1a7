//! Tests of `config/mod.rs`.

use super::*;

#[test]
fn layers_apply_in_order_and_per_tool_tables_win() {
    let file: ConfigFile = toml::from_str(
        r#"
        max_in_flight = 8
        [defaults]
        deadline_ms = 3000
        fuel = 100
        [tools.slow]
        deadline_ms = 9000
        "#,
    )
    .unwrap();
    let cli = LimitOverrides {
        fuel: Some(200),
        ..Default::default()
    };
    let limits = Limits::resolve(&file, &cli, None).unwrap();
    assert_eq!(limits.max_in_flight, 8);
    assert_eq!(limits.defaults.deadline, Duration::from_millis(3000));
    assert_eq!(limits.defaults.fuel, 200, "the command line beats the file");
    let slow = limits.for_tool("slow");
    assert_eq!(slow.deadline, Duration::from_millis(9000));
    assert_eq!(slow.fuel, 200, "a tool table inherits what it leaves out");
    assert_eq!(limits.for_tool("other"), limits.defaults);
}

#[test]
fn unknown_keys_and_zero_limits_are_refused() {
    assert!(toml::from_str::<ConfigFile>("[defaults]\ndeadline = 5").is_err());
    let file: ConfigFile = toml::from_str("[tools.x]\nfuel = 0").unwrap();
    let err = Limits::resolve(&file, &LimitOverrides::default(), None).unwrap_err();
    assert!(err.to_string().contains("[tools.x]: fuel"), "{err}");
}

#[test]
fn a_zero_output_cap_is_refused_wherever_it_is_written() {
    let none = LimitOverrides::default();
    let zero = LimitOverrides {
        output_kib: Some(0),
        ..Default::default()
    };
    let err = Limits::resolve(&ConfigFile::default(), &zero, None).unwrap_err();
    assert!(err.to_string().contains("--output-kib"), "{err}");
    for (text, scope) in [
        ("[defaults]\noutput_kib = 0", "[defaults]: output_kib"),
        ("[tools.x]\noutput_kib = 0", "[tools.x]: output_kib"),
    ] {
        let file: ConfigFile = toml::from_str(text).unwrap();
        let err = Limits::resolve(&file, &none, None).unwrap_err();
        assert!(err.to_string().contains(scope), "{err}");
    }
    let huge = LimitOverrides {
        output_kib: Some(1 << 54),
        ..Default::default()
    };
    let limits = Limits::resolve(&ConfigFile::default(), &huge, None).unwrap();
    assert_eq!(limits.defaults.output_bytes, u64::MAX, "never wraps to 0");
}

#[test]
fn largest_memory_cap_covers_every_tool() {
    let file: ConfigFile = toml::from_str("[tools.big]\nmemory_mib = 512").unwrap();
    let limits = Limits::resolve(&file, &LimitOverrides::default(), None).unwrap();
    assert_eq!(limits.largest_memory_bytes(), 512 << 20);
}
