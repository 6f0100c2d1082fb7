//! Work handed to the pool in order, finishing in any order, taken back
//! in order: how a stream keeps several blocks parsing at once while the
//! calling thread reads the next ones and joins finished ones.

use std::collections::BTreeMap;
use std::sync::mpsc;

/// A job's result with its place in the stream; `None` when the job
/// unwound (its scope then resumes the panic).
type Message<T> = (usize, Option<T>);

/// The jobs sent and not yet taken back.
pub(crate) struct Flight<T> {
    sent: usize,
    taken: usize,
    early: BTreeMap<usize, Option<T>>,
    done: mpsc::Sender<Message<T>>,
    finished: mpsc::Receiver<Message<T>>,
}

impl<T: Send> Flight<T> {
    pub(crate) fn new() -> Flight<T> {
        let (done, finished) = mpsc::channel();
        Flight {
            sent: 0,
            taken: 0,
            early: BTreeMap::new(),
            done,
            finished,
        }
    }

    /// How many jobs are in flight.
    pub(crate) fn len(&self) -> usize {
        self.sent - self.taken
    }

    /// The way back for the next job sent.
    pub(crate) fn reply(&mut self) -> Reply<T> {
        self.sent += 1;
        Reply {
            seq: self.sent - 1,
            to: Some(self.done.clone()),
        }
    }

    /// The next job's result in the order sent, waiting for it; `None`
    /// when no job is in flight (or the next one unwound).
    pub(crate) fn next(&mut self) -> Option<T> {
        if self.len() == 0 {
            return None;
        }
        loop {
            if let Some(result) = self.early.remove(&self.taken) {
                self.taken += 1;
                return result;
            }
            // Every job replies once, and this flight's own sender keeps
            // the channel open, so this waits for a reply.
            let (seq, result) = self.finished.recv().ok()?;
            self.early.insert(seq, result);
        }
    }
}

/// A job's way back: sends its result, or, when dropped unsent (the job
/// unwound), `None`, so the flight never waits forever.
pub(crate) struct Reply<T> {
    seq: usize,
    to: Option<mpsc::Sender<Message<T>>>,
}

impl<T> Reply<T> {
    pub(crate) fn send(mut self, result: T) {
        if let Some(to) = self.to.take() {
            // The flight outlives the scope its jobs run in.
            let _ = to.send((self.seq, Some(result)));
        }
    }
}

impl<T> Drop for Reply<T> {
    fn drop(&mut self) {
        if let Some(to) = self.to.take() {
            let _ = to.send((self.seq, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_sent() {
        let mut flight = Flight::new();
        let replies: Vec<Reply<usize>> = (0..5).map(|_| flight.reply()).collect();
        assert_eq!(flight.len(), 5);
        rayon::scope(|s| {
            for (i, r) in replies.into_iter().enumerate().rev() {
                s.spawn(move |_| r.send(i * 10));
            }
        });
        let got: Vec<usize> = std::iter::from_fn(|| flight.next()).collect();
        assert_eq!(got, [0, 10, 20, 30, 40]);
        assert_eq!(flight.len(), 0);
    }

    #[test]
    fn a_job_that_never_sends_ends_the_wait() {
        let mut flight: Flight<u8> = Flight::new();
        let first = flight.reply();
        let second = flight.reply();
        second.send(7);
        drop(first);
        assert_eq!(flight.next(), None);
        assert_eq!(flight.next(), Some(7));
    }
}
