//! Shared helpers for npio's benchmarks: timing and peak memory of the
//! current process.

use std::time::{Duration, Instant};

/// Peak resident memory of this process so far, in bytes (Linux `VmHWM`),
/// or `None` where `/proc` is unavailable.
pub fn peak_rss() -> Option<u64> {
    proc_status_kib("VmHWM:").map(|k| k * 1024)
}

/// Current resident memory of this process, in bytes (Linux `VmRSS`).
pub fn current_rss() -> Option<u64> {
    proc_status_kib("VmRSS:").map(|k| k * 1024)
}

fn proc_status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Runs `f` `repeat` times and returns the fastest run.
pub fn best_of<T>(repeat: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let out = f();
        best = best.min(start.elapsed());
        last = Some(out);
    }
    // repeat >= 1, so `last` is set.
    (
        best,
        last.into_iter().next().unwrap_or_else(|| unreachable!()),
    )
}
