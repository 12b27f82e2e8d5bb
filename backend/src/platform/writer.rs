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
//! PostgreSQL writes concurrently and commits in groups by itself: there each single job
//! runs in its own transaction on the caller's task. So the code of a job is the same on
//! both.
//!
//! A job only reads and writes through the transaction it is given.
//!
//! The hottest writes (an autosaved answer) are [`Group`]s instead: the writer hands all
//! queued items of one group to a single call, which checks and writes them together with
//! a few statements (one read of the rows they concern, one multi-row upsert) instead of a
//! few statements per item. Every check of such an item happens inside the transaction,
//! so the request that queued it reads nothing from the pool: a statement's round trip to
//! SQLite's connection thread costs more than the rest of the request. Groups queue for the
//! writer task on PostgreSQL too: there a statement is a network round trip, and a few of
//! them per batch instead of seven per answer (each answer in its own transaction) is what
//! lets 64 teachers autosave at once. A group's reads lock the rows they concern (the
//! campaigns shared, then the reflections or responses, each set in id order), so a submit
//! or a close on the side waits for the batch or the batch for it, never in a circle.

use crate::error::{ApiError, ApiResult};
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};
use std::any::{Any, TypeId};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{mpsc, oneshot};

/// What a job hands back: whether its writes stay, and its result (an `ApiResult<T>`).
type Outcome = (bool, Box<dyn Any + Send>);
type Work = Box<dyn for<'a> Fn(&'a DatabaseTransaction) -> BoxFuture<'a, Outcome> + Send + Sync>;
/// An item of a group, type-erased (shared, so that it can run again after a rollback).
type Item = Arc<dyn Any + Send + Sync>;
/// A group's [`Group::run`], type-erased: one result (an `ApiResult<Out>`) per item.
type GroupFn = for<'a> fn(
    &'a DatabaseTransaction,
    Vec<Item>,
) -> BoxFuture<'a, Result<Vec<Box<dyn Any + Send>>, DbErr>>;

enum Task {
    One(Work),
    Grouped {
        group: TypeId,
        run: GroupFn,
        item: Item,
    },
}

struct Job {
    task: Task,
    reply: oneshot::Sender<Result<Box<dyn Any + Send>, String>>,
}

/// Writes that are checked and made many at a time: see the module's documentation.
pub trait Group: 'static {
    type Item: Send + Sync + 'static;
    type Out: Send + 'static;
    /// Check and write `items`, in their order, through `txn`: one result per item. An
    /// item that fails its checks must write nothing (the others stay); an `Err` undoes
    /// the whole transaction, after which each item runs again on its own.
    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<Self::Item>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<Self::Out>>>>;
}

/// [`Group::run`] over type-erased items and results.
fn erased<G: Group>(
    txn: &DatabaseTransaction,
    items: Vec<Item>,
) -> BoxFuture<'_, Result<Vec<Box<dyn Any + Send>>, DbErr>> {
    Box::pin(async move {
        let typed: Vec<Arc<G::Item>> = items
            .into_iter()
            .filter_map(|i| i.downcast::<G::Item>().ok())
            .collect();
        let n = typed.len();
        match G::run(txn, typed).await {
            Ok(outs) if outs.len() == n => Ok(outs
                .into_iter()
                .map(|o| Box::new(o) as Box<dyn Any + Send>)
                .collect()),
            Ok(_) => Err(DbErr::Custom("writer: a group lost results".into())),
            Err(e) => Err(DbErr::Custom(e.to_string())),
        }
    })
}

/// Jobs committed together at most (a bound on how long the first of them waits).
const MAX_BATCH: usize = 512;
/// Jobs waiting at most; further callers wait to queue (back-pressure, bounded memory).
const QUEUE: usize = 4096;

#[derive(Clone)]
pub struct Writer {
    db: DatabaseConnection,
    queue: mpsc::Sender<Job>,
    /// Whether single jobs queue too (SQLite) or run on the caller's task (PostgreSQL).
    singles_queue: bool,
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
    /// Starts the writer task (on the current Tokio runtime).
    pub fn new(db: DatabaseConnection, sqlite: bool) -> Self {
        let stats = Arc::new(Stats::default());
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run_batches(db.clone(), rx, stats.clone(), !sqlite));
        Writer {
            db,
            queue: tx,
            singles_queue: sqlite,
            stats,
        }
    }

    /// The writer's counters in Prometheus' text format.
    pub fn render_metrics(&self) -> String {
        let batches = self.stats.batches.load(Ordering::Relaxed);
        let jobs = self.stats.jobs.load(Ordering::Relaxed);
        format!(
            "# HELP ihub_writer_batches_total Transactions committed by the writer.\n\
             # TYPE ihub_writer_batches_total counter\n\
             ihub_writer_batches_total {batches}\n\
             # HELP ihub_writer_jobs_total Writes (answers, starts, submits) in those transactions.\n\
             # TYPE ihub_writer_jobs_total counter\n\
             ihub_writer_jobs_total {jobs}\n"
        )
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
        self.submit(Task::One(work), reply).await;
        Self::answer(answer).await
    }

    /// Queue one item of the group `G` and return its result once it has been committed.
    pub async fn run_grouped<G: Group>(&self, item: G::Item) -> ApiResult<G::Out> {
        let (reply, answer) = oneshot::channel();
        let task = Task::Grouped {
            group: TypeId::of::<G>(),
            run: erased::<G>,
            item: Arc::new(item),
        };
        self.submit(task, reply).await;
        Self::answer::<G::Out>(answer).await
    }

    async fn submit(
        &self,
        task: Task,
        reply: oneshot::Sender<Result<Box<dyn Any + Send>, String>>,
    ) {
        let job = Job { task, reply };
        let queued = self.singles_queue || matches!(job.task, Task::Grouped { .. });
        if !queued {
            run_alone(&self.db, job).await;
        } else if let Err(mpsc::error::SendError(job)) = self.queue.send(job).await {
            // The writer task is gone (the runtime that started it ended): write alone
            // rather than not at all.
            run_alone(&self.db, job).await;
        }
    }

    async fn answer<T: Send + 'static>(
        answer: oneshot::Receiver<Result<Box<dyn Any + Send>, String>>,
    ) -> ApiResult<T> {
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
    if let Some(pending) = work_alone(db, job).await {
        pending.finish().await;
    }
}

/// A transaction whose work is done, with the jobs it answers: committed (or undone) by
/// [`Pending::finish`], which then replies to each job.
struct Pending {
    txn: DatabaseTransaction,
    keep: bool,
    replies: Vec<(Job, Option<Box<dyn Any + Send>>)>,
}

impl Pending {
    async fn finish(self) {
        let end = if self.keep {
            self.txn.commit().await.map_err(|e| e.to_string())
        } else {
            self.txn.rollback().await.map_err(|e| e.to_string())
        };
        for (job, out) in self.replies {
            let _ = job.reply.send(match (&end, out) {
                (Err(e), _) if self.keep => Err(e.clone()),
                (_, Some(out)) => Ok(out),
                (_, None) => Err("writer: a job was not run".to_string()),
            });
        }
    }
}

/// The work of one job in its own transaction, left to be committed; `None` when the job
/// has already been answered (the transaction could not start, its group failed).
async fn work_alone(db: &DatabaseConnection, job: Job) -> Option<Pending> {
    let txn = match crate::db::write(db).await {
        Ok(txn) => txn,
        Err(e) => {
            let _ = job.reply.send(Err(e.to_string()));
            return None;
        }
    };
    let (keep, out) = match &job.task {
        Task::One(work) => work(&txn).await,
        Task::Grouped { run, item, .. } => match run(&txn, vec![item.clone()]).await {
            Ok(mut outs) => match outs.pop() {
                // Whether the item passed its checks: the result says, but it is erased
                // here; a failed item wrote nothing, so committing is the same as undoing.
                Some(out) => (true, out),
                None => (false, Box::new(()) as Box<dyn Any + Send>),
            },
            Err(e) => {
                let _ = txn.rollback().await;
                let _ = job.reply.send(Err(e.to_string()));
                return None;
            }
        },
    };
    Some(Pending {
        txn,
        keep,
        replies: vec![(job, Some(out))],
    })
}

/// Commits in flight at most while the writer task works on the next batches
/// (PostgreSQL).
const COMMITS_IN_FLIGHT: usize = 8;

/// The writer task: one transaction per batch of queued jobs.
///
/// On PostgreSQL the commit of a batch (a round trip and the wait for the log's flush)
/// overlaps the work of the next ones. The work itself stays one batch at a time: batches
/// lock rows of several kinds (reflections; campaigns, then responses) in the order their
/// groups queued, so two batches working at once could wait on each other in a circle.
/// A committing batch waits on nothing, so a batch that needs a row it holds only waits
/// for that commit. On SQLite a second transaction could only wait for the first one's
/// lock: there each batch commits before the next begins.
async fn run_batches(
    db: DatabaseConnection,
    mut rx: mpsc::Receiver<Job>,
    stats: Arc<Stats>,
    pipelined: bool,
) {
    let in_flight = Arc::new(tokio::sync::Semaphore::new(COMMITS_IN_FLIGHT));
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats.jobs.fetch_add(batch.len() as u64, Ordering::Relaxed);
        let Some(pending) = work_batch(&db, std::mem::take(&mut batch)).await else {
            continue;
        };
        if !pipelined {
            pending.finish().await;
            continue;
        }
        match in_flight.clone().acquire_owned().await {
            Ok(permit) => {
                tokio::spawn(async move {
                    pending.finish().await;
                    drop(permit);
                });
            }
            Err(_) => pending.finish().await,
        }
    }
}

/// The work of a batch in one transaction, left to be committed; `None` when every job
/// has already been answered.
async fn work_batch(db: &DatabaseConnection, jobs: Vec<Job>) -> Option<Pending> {
    if jobs.len() == 1 {
        let job = jobs.into_iter().next()?;
        return work_alone(db, job).await;
    }
    let txn = match crate::db::write(db).await {
        Ok(txn) => txn,
        Err(e) => {
            for job in jobs {
                let _ = job.reply.send(Err(e.to_string()));
            }
            return None;
        }
    };
    let mut outs: Vec<Option<Box<dyn Any + Send>>> = jobs.iter().map(|_| None).collect();
    let mut failed = false;
    // The single jobs in their order, …
    for (job, out) in jobs.iter().zip(outs.iter_mut()) {
        if let Task::One(work) = &job.task {
            let (keep, o) = work(&txn).await;
            if !keep {
                failed = true;
                break;
            }
            *out = Some(o);
        }
    }
    // … then each group's items (in their order) in one call.
    let mut groups: Vec<(TypeId, GroupFn, Vec<usize>)> = Vec::new();
    for (i, job) in jobs.iter().enumerate() {
        if let Task::Grouped { group, run, .. } = &job.task {
            match groups.iter_mut().find(|g| g.0 == *group) {
                Some(g) => g.2.push(i),
                None => groups.push((*group, *run, vec![i])),
            }
        }
    }
    for (_, run, at) in groups {
        if failed {
            break;
        }
        let items = at
            .iter()
            .filter_map(|&i| match &jobs[i].task {
                Task::Grouped { item, .. } => Some(item.clone()),
                Task::One(_) => None,
            })
            .collect();
        match run(&txn, items).await {
            Ok(results) => {
                for (i, r) in at.into_iter().zip(results) {
                    outs[i] = Some(r);
                }
            }
            Err(_) => failed = true,
        }
    }
    if failed {
        // A single job failed or a group could not run: undo the batch, then each job on
        // its own.
        let _ = txn.rollback().await;
        for job in jobs {
            run_alone(db, job).await;
        }
        return None;
    }
    Some(Pending {
        txn,
        keep: true,
        replies: jobs.into_iter().zip(outs).collect(),
    })
}
