//! One writer for the hot write paths: teachers' autosave and anonymous respondents'
//! answers, starts and submits.
//!
//! SQLite lets one transaction write at a time. With many pooled connections writing at
//! once, all but one sleep in SQLite's busy handler (1, 2, 5, … 100 ms naps) although the
//! disk is idle: the tail latency of autosave came from those naps, not from the disk.
//! Here the jobs queue for a single task instead. It takes whatever has queued, runs the
//! jobs one after another in one transaction and commits once: group commit, one `fsync`
//! for many answers. A caller hears back only after that commit, so an acknowledged answer
//! is durable. When a job fails (a submitted response, a closed questionnaire), the batch
//! is rolled back and each of its jobs runs again in a transaction of its own, so a failure
//! undoes only its own writes; savepoints would do the same but cost two statements per
//! job on the path every answer takes.
//!
//! PostgreSQL writes concurrently and commits in groups by itself: there each job runs in
//! its own transaction on the caller's task. So the code of a job is the same on both.
//!
//! A job only reads and writes through the transaction it is given; reads that need no
//! lock (the instrument's definition, the caller's own record) happen before, on the pool.

use crate::error::{ApiError, ApiResult};
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};
use std::any::Any;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

/// What a job hands back: whether its writes stay, and its result (an `ApiResult<T>`).
type Outcome = (bool, Box<dyn Any + Send>);
type Work = Box<dyn for<'a> Fn(&'a DatabaseTransaction) -> BoxFuture<'a, Outcome> + Send + Sync>;

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Box<dyn Any + Send>, String>>,
}

/// Jobs committed together at most (a bound on how long the first of them waits).
const MAX_BATCH: usize = 512;
/// Jobs waiting at most; further callers wait to queue (back-pressure, bounded memory).
const QUEUE: usize = 4096;

#[derive(Clone)]
pub struct Writer {
    db: DatabaseConnection,
    queue: Option<mpsc::Sender<Job>>,
    stats: Arc<Stats>,
}

/// Transactions the writer task committed and the jobs in them (their ratio is the mean
/// group size), for `/metrics`.
#[derive(Default)]
struct Stats {
    batches: AtomicU64,
    jobs: AtomicU64,
}

impl Writer {
    /// On SQLite, starts the writer task (on the current Tokio runtime).
    pub fn new(db: DatabaseConnection, sqlite: bool) -> Self {
        let stats = Arc::new(Stats::default());
        let queue = sqlite.then(|| {
            let (tx, rx) = mpsc::channel(QUEUE);
            tokio::spawn(run_batches(db.clone(), rx, stats.clone()));
            tx
        });
        Writer { db, queue, stats }
    }

    /// The writer's counters in Prometheus' text format (nothing on PostgreSQL).
    pub fn render_metrics(&self) -> String {
        let mut out = String::new();
        if self.queue.is_some() {
            let batches = self.stats.batches.load(Ordering::Relaxed);
            let jobs = self.stats.jobs.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "# HELP ihub_writer_batches_total Transactions committed by the SQLite writer."
            );
            let _ = writeln!(out, "# TYPE ihub_writer_batches_total counter");
            let _ = writeln!(out, "ihub_writer_batches_total {batches}");
            let _ = writeln!(
                out,
                "# HELP ihub_writer_jobs_total Writes (answers, starts, submits) in those transactions."
            );
            let _ = writeln!(out, "# TYPE ihub_writer_jobs_total counter");
            let _ = writeln!(out, "ihub_writer_jobs_total {jobs}");
        }
        out
    }

    /// The pool, for the reads before a job.
    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Run `f` in a write transaction and return its result once that has been committed.
    /// An `Err` from `f` undoes what `f` wrote and is returned as it is. `f` may run twice
    /// (see above): it must read what it depends on through the transaction it is given.
    pub async fn run<T, F>(&self, f: F) -> ApiResult<T>
    where
        T: Send + 'static,
        F: for<'a> Fn(&'a DatabaseTransaction) -> BoxFuture<'a, ApiResult<T>>
            + Send
            + Sync
            + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let f = Arc::new(f);
        let work: Work = Box::new(move |txn| {
            let f = f.clone();
            Box::pin(async move {
                let out = f(txn).await;
                let keep = out.is_ok();
                (keep, Box::new(out) as Box<dyn Any + Send>)
            })
        });
        let job = Job { work, reply };
        match &self.queue {
            Some(queue) => {
                if let Err(mpsc::error::SendError(job)) = queue.send(job).await {
                    // The writer task is gone (the runtime that started it ended): write
                    // alone rather than not at all.
                    run_alone(&self.db, job).await;
                }
            }
            None => run_alone(&self.db, job).await,
        }
        match answer.await {
            Ok(Ok(out)) => match out.downcast::<ApiResult<T>>() {
                Ok(result) => *result,
                Err(_) => Err(ApiError::internal("writer: a job's result changed type")),
            },
            Ok(Err(e)) => Err(DbErr::Custom(e).into()),
            Err(_) => Err(ApiError::internal("writer: the job was dropped")),
        }
    }
}

/// One job in its own transaction.
async fn run_alone(db: &DatabaseConnection, job: Job) {
    let txn = match crate::db::write(db).await {
        Ok(txn) => txn,
        Err(e) => {
            let _ = job.reply.send(Err(e.to_string()));
            return;
        }
    };
    let (keep, out) = (job.work)(&txn).await;
    let end = if keep {
        txn.commit().await
    } else {
        txn.rollback().await
    };
    let _ = job.reply.send(match end {
        Err(e) if keep => Err(e.to_string()),
        _ => Ok(out),
    });
}

/// The writer task: one transaction per batch of queued jobs, one savepoint per job.
async fn run_batches(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>, stats: Arc<Stats>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.jobs.fetch_add(batch.len() as u64, Ordering::Relaxed);
        commit_batch(&db, std::mem::take(&mut batch)).await;
    }
}

async fn commit_batch(db: &DatabaseConnection, jobs: Vec<Job>) {
    if jobs.len() == 1 {
        for job in jobs {
            run_alone(db, job).await;
        }
        return;
    }
    let txn = match crate::db::write(db).await {
        Ok(txn) => txn,
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(e.to_string()));
            }
            return;
        }
    };
    let mut outs = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let (keep, out) = (job.work)(&txn).await;
        if !keep {
            break;
        }
        outs.push(out);
    }
    if outs.len() < jobs.len() {
        // One failed: undo the batch, then each job on its own.
        let _ = txn.rollback().await;
        for job in jobs {
            run_alone(db, job).await;
        }
        return;
    }
    let committed = txn.commit().await.map_err(|e| e.to_string());
    for (job, out) in jobs.into_iter().zip(outs) {
        let _ = job.reply.send(match &committed {
            Err(e) => Err(e.clone()),
            Ok(()) => Ok(out),
        });
    }
}
