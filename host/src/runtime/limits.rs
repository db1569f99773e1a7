//! The sandbox's numbers: what one call's instance may hold, and how the
//! pooling allocator is sized so that every call the in-flight limits admit
//! fits at once.
//!
//! The pooling allocator's totals are shared by every component. If they
//! were smaller than (calls that may run at once) × (what one call may
//! hold), one component's calls could take the slots another component's
//! calls need, and those calls would fail for no fault of their own. So the
//! per-call caps below are enforced twice (the allocator refuses, at load, a
//! component that needs more; the store's limiter refuses at run time), and
//! the totals are the per-call caps times the slots.

use wasmtime::PoolingAllocationConfig;

/// Core module instances one call may create. Rust components use 3 or 4;
/// componentize-py ones 14; StarlingMonkey (JavaScript) ones a similar number.
pub const MAX_CORE_INSTANCES_PER_CALL: u32 = 64;
/// Linear memories one call may create (most components have one).
pub const MAX_MEMORIES_PER_CALL: u32 = 8;
/// Tables one call may create (a Rust component has two).
pub const MAX_TABLES_PER_CALL: u32 = 16;
/// Elements one table may grow to.
pub const MAX_TABLE_ELEMENTS: usize = 100_000;

/// Component instances kept beside the in-flight limit: loading describes
/// components one at a time, and a cancelled call's slot is freed only once
/// its store is dropped.
pub const SPARE_INSTANCE_SLOTS: u32 = 8;

/// Bytes of each linear memory kept resident between calls: a call that
/// touches less (most do) resets its slot with a memset and no page faults.
/// The cost is memory: a slot keeps what its hungriest call touched, up to
/// this much, so a busy server holds up to slots × 4 MiB.
const KEEP_RESIDENT_BYTES: usize = 4 << 20;
/// Bytes of each table kept resident between calls.
const KEEP_RESIDENT_TABLE_BYTES: usize = 64 << 10;
/// Slots whose memory beyond the resident part is returned to the OS
/// together. One: the memory goes back when the call ends, so resident
/// memory tracks what calls hold (a batch of 16 held up to 15 hungry calls'
/// worth, hundreds of MiB, until it filled). Only calls that touched more
/// than the resident part pay the `madvise`.
const DECOMMIT_BATCH: usize = 1;

/// How many calls' worth of instances the pool holds, and how large a
/// memory may grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSize {
    /// Calls that may run at once across all tools.
    pub max_in_flight: u32,
    /// The largest memory cap of any tool.
    pub max_memory_bytes: usize,
}

impl PoolSize {
    /// Instances the pool holds at once: every call in flight, plus spares.
    pub fn slots(&self) -> u32 {
        self.max_in_flight.saturating_add(SPARE_INSTANCE_SLOTS)
    }

    /// The pooling allocator's configuration: per-component caps equal to the
    /// per-call caps, and totals of one full call per slot.
    pub fn config(&self) -> PoolingAllocationConfig {
        let slots = self.slots();
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(slots)
            .total_core_instances(slots.saturating_mul(MAX_CORE_INSTANCES_PER_CALL))
            .total_memories(slots.saturating_mul(MAX_MEMORIES_PER_CALL))
            .total_tables(slots.saturating_mul(MAX_TABLES_PER_CALL))
            .total_stacks(slots)
            .max_core_instances_per_component(MAX_CORE_INSTANCES_PER_CALL)
            .max_memories_per_component(MAX_MEMORIES_PER_CALL)
            .max_tables_per_component(MAX_TABLES_PER_CALL)
            .max_memory_size(self.max_memory_bytes)
            // A fresh instance per call means a slot is reset per call. By
            // default that is an madvise per memory, and the next call faults
            // every page back in, with TLB shootdowns across threads. Instead,
            // reset what the call touched with memset (PAGEMAP_SCAN finds the
            // touched pages on Linux 6.7+) and keep slots resident.
            .linear_memory_keep_resident(KEEP_RESIDENT_BYTES)
            .table_keep_resident(KEEP_RESIDENT_TABLE_BYTES)
            .pagemap_scan(wasmtime::Enabled::Auto)
            .decommit_batch_size(DECOMMIT_BATCH);
        pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_admitted_call_fits_even_at_the_per_call_caps() {
        let size = PoolSize {
            max_in_flight: 64,
            max_memory_bytes: 128 << 20,
        };
        let pool = size.config();
        let slots = 64 + SPARE_INSTANCE_SLOTS;
        assert_eq!(size.slots(), slots);
        assert_eq!(pool.get_total_component_instances(), slots);
        assert_eq!(
            pool.get_total_core_instances(),
            slots * MAX_CORE_INSTANCES_PER_CALL
        );
        assert_eq!(pool.get_total_memories(), slots * MAX_MEMORIES_PER_CALL);
        assert_eq!(pool.get_total_tables(), slots * MAX_TABLES_PER_CALL);
        assert_eq!(
            pool.get_max_core_instances_per_component(),
            MAX_CORE_INSTANCES_PER_CALL
        );
        assert_eq!(pool.get_max_memories_per_component(), MAX_MEMORIES_PER_CALL);
        assert_eq!(pool.get_max_tables_per_component(), MAX_TABLES_PER_CALL);
    }

    #[test]
    fn huge_in_flight_limits_saturate_instead_of_wrapping() {
        let size = PoolSize {
            max_in_flight: u32::MAX,
            max_memory_bytes: 1 << 20,
        };
        assert_eq!(size.slots(), u32::MAX);
        assert_eq!(size.config().get_total_core_instances(), u32::MAX);
    }
}
