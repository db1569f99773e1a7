//! How much linear memory a component needs before it runs a single
//! instruction: the initial sizes of the memories its core modules define.
//!
//! Read from the binary, not from wasmtime, because the case that matters
//! most is the one wasmtime refuses at compile time: a memory larger than the
//! pooling allocator's slot, which it reports as an allocator limit. Knowing
//! the figure, the host can say "needs at least 13 MiB; raise memory_mib"
//! instead.

use wasmparser::{Parser, Payload};

/// Bytes the component's memories hold when it is instantiated: the sum over
/// every memory its core modules define (imported ones are counted where they
/// are defined). A call's memory cap counts all of them together, so this is
/// the least cap any of its calls can run under.
pub fn initial_bytes(binary: &[u8]) -> Result<u64, String> {
    let mut total: u64 = 0;
    for payload in Parser::new(0).parse_all(binary) {
        let payload = payload.map_err(|e| format!("not a WebAssembly binary: {e}"))?;
        if let Payload::MemorySection(memories) = payload {
            for memory in memories {
                let memory = memory.map_err(|e| format!("not a WebAssembly binary: {e}"))?;
                let page = 1u64 << memory.page_size_log2.unwrap_or(16);
                total = total.saturating_add(memory.initial.saturating_mul(page));
            }
        }
    }
    Ok(total)
}

/// `bytes` in MiB for a person: "128 MiB", or with one decimal, "1.1 MiB".
pub fn mib(bytes: u64) -> String {
    if bytes.is_multiple_of(1 << 20) {
        return format!("{} MiB", bytes >> 20);
    }
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

/// The least whole `memory_mib` that holds `bytes`.
pub fn min_memory_mib(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A core module with one memory of `pages` 64 KiB pages, by hand.
    fn module_with_memory(pages: u8) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        // Memory section (id 5): 1 memory, flags 0 (no maximum), initial.
        wasm.extend([5, 3, 1, 0, pages]);
        wasm
    }

    #[test]
    fn counts_every_defined_memory_in_pages_of_64_kib() {
        assert_eq!(initial_bytes(&module_with_memory(17)).unwrap(), 17 << 16);
        assert_eq!(initial_bytes(&module_with_memory(0)).unwrap(), 0);
        assert_eq!(initial_bytes(b"\0asm\x01\0\0\0").unwrap(), 0);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(initial_bytes(b"not wasm").is_err());
        assert!(initial_bytes(b"").is_err());
        let mut cut = module_with_memory(3);
        cut.truncate(cut.len() - 1);
        assert!(initial_bytes(&cut).is_err());
    }

    #[test]
    fn figures_for_people_round_up() {
        assert_eq!(mib(17 << 16), "1.1 MiB");
        assert_eq!(mib(128 << 20), "128 MiB");
        assert_eq!(min_memory_mib(17 << 16), 2);
        assert_eq!(min_memory_mib(1 << 20), 1);
        assert_eq!(min_memory_mib(0), 1);
    }
}
