//! The generator's allocator: mimalloc, tuned to hand memory back promptly.
//!
//! Generation allocates and frees many small objects (the parsed document,
//! syntax trees, strings) on several threads; glibc's allocator spent about
//! a third of a large generation's instructions on them, and kept what one
//! thread freed resident in that thread's arena. mimalloc does the same work
//! in a fraction of the time. By default it commits its arenas up front,
//! which raised the peak above glibc's; [`configure`] has it commit memory
//! as it is used, and [`release_freed_memory`] hands the parsed document
//! back between stages. (Purging every free at once instead of after
//! mimalloc's 10 ms cost more in system time than it saved in memory.) A
//! document under 1 MiB keeps what it frees instead ([`keep_freed_memory`]):
//! a page handed back is a page fault when the next stage needs it, and on
//! a mid-sized spec the faults cost more than the few MiB saved. It is
//! built to ask for no transparent huge pages (the `no_thp` feature): on a
//! kernel that grants them on request, a generation now and then spent half
//! a second in the kernel assembling them, and kept 8 MiB more resident.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay`, as numbered
/// in the `mi_option_e` enum of the mimalloc (v3) that `libmimalloc-sys`
/// builds; the crate names only some options.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's own default, set here so the choice is visible.
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Commits memory as it is used, and returns freed memory after the usual delay.
pub fn configure() {
    // SAFETY: setting an option only changes how the allocator commits
    // and returns pages; both options exist in the mimalloc this builds.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
    }
}

/// Keeps freed memory for reuse rather than returning it to the system:
/// for a small document, whose pages are cheaper kept than faulted in again.
pub fn keep_freed_memory() {
    // SAFETY: as in `configure`; a negative delay means "never purge".
    unsafe {
        libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
    }
}

/// Returns the memory freed so far to the system: between generation
/// stages, once the document is no longer needed.
pub fn release_freed_memory() {
    // SAFETY: `mi_collect` frees the allocator's own unused pages; it takes
    // the allocator's own locks.
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
}
