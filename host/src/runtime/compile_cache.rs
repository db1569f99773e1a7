//! Compiled functions shared between the components of one load.
//!
//! Components built by the same toolchain carry the same runtime: every
//! componentize-py component holds CPython, every componentize-js one
//! SpiderMonkey, tens of thousands of identical functions that take
//! Cranelift seconds each time. Wasmtime's incremental compilation keys
//! each function by its body and settings; this store keeps the results
//! while components load, so the second Python tool of a cold start
//! compiles only what is its own. Whole components are cached on disk by
//! wasmtime's own cache; this one lives in memory and is emptied when a
//! load ends ([`FunctionCache::clear`]), so an idle server holds nothing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use wasmtime::CacheStore;

/// The most compiled code kept while one load runs. CPython's functions
/// come to about 30 MiB; past the cap, functions compile as without a cache.
const MAX_BYTES: usize = 256 << 20;

#[derive(Debug, Default)]
pub(super) struct FunctionCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<Vec<u8>, Vec<u8>>,
    bytes: usize,
}

impl FunctionCache {
    /// Forgets every function: the load that needed them is over.
    pub(super) fn clear(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        *inner = Inner::default();
    }

    /// Bytes held now.
    #[cfg(test)]
    fn bytes(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .bytes
    }
}

impl CacheStore for FunctionCache {
    fn get(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner
            .entries
            .get(key)
            .map(|value| Cow::Owned(value.clone()))
    }

    fn insert(&self, key: &[u8], value: Vec<u8>) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let size = key.len() + value.len();
        if inner.bytes + size > MAX_BYTES {
            return false;
        }
        if inner.entries.insert(key.to_vec(), value).is_none() {
            inner.bytes += size;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_it_is_given_until_cleared() {
        let cache = FunctionCache::default();
        assert!(cache.get(b"f").is_none());
        assert!(cache.insert(b"f", vec![1, 2, 3]));
        assert_eq!(cache.get(b"f").as_deref(), Some(&[1, 2, 3][..]));
        assert_eq!(cache.bytes(), 4);
        cache.clear();
        assert!(cache.get(b"f").is_none());
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn refuses_what_would_pass_the_cap() {
        let cache = FunctionCache::default();
        assert!(cache.insert(b"big", vec![0; MAX_BYTES - 3]));
        assert!(!cache.insert(b"more", vec![0; 1]));
        assert!(cache.get(b"more").is_none());
        assert!(cache.get(b"big").is_some());
    }
}
