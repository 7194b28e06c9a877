//! The allocator between generation stages.
//!
//! glibc keeps memory freed by a thread in that thread's arena, resident,
//! and the generator reads the spec on one thread and lays out the models
//! on others, each allocating from an arena of its own. So the memory freed
//! once the spec is lowered (the parsed document, about half of the peak)
//! stayed resident while the layout threads allocated afresh. Handing it
//! back to the system between the stages keeps the peak to what is live.

/// Returns the memory freed so far to the system (glibc on Linux; elsewhere
/// nothing to do).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free pages of the allocator's
    // arenas to the system; it takes the allocator's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}
