//! Database connection for SQLite (embedded default) and PostgreSQL, and migrations.

use crate::config::Config;
use migration::{Migrator, MigratorTrait};
use sea_orm::sea_query::{LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ConnectOptions, ConnectionTrait, Database, DatabaseBackend,
    DatabaseConnection, DbErr, EntityTrait, PrimaryKeyTrait, QuerySelect, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use std::time::Duration;

pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    connect_url(&config.database_url, config.is_sqlite()).await
}

pub async fn connect_url(url: &str, sqlite: bool) -> Result<DatabaseConnection, DbErr> {
    let mut opt = ConnectOptions::new(url.to_string());
    // Every statement with its time at debug level: `IHUB_LOG_LEVEL=warn,sqlx::query=debug`.
    opt.sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(10));
    if sqlite {
        if let Some(path) = sqlite_path(url)
            && let Some(dir) = std::path::Path::new(&path).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
        // Every pooled connection gets WAL, foreign keys, a busy timeout and FULL sync,
        // so an acknowledged write survives a crash of the process (and of the machine).
        // No ping before each checkout: a SQLite connection is a file handle that cannot be
        // dropped by a server or a firewall, and the ping was a second round trip to the
        // connection's thread for every statement (half the cost of a short read).
        lean_allocator();
        opt.max_connections(8)
            .min_connections(1)
            .test_before_acquire(false)
            .map_sqlx_sqlite_pool_opts(|o| {
                o.after_connect(|conn, _| Box::pin(async move { stable_plans(conn).await }))
            })
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .row_buffer_size(1024)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    .create_if_missing(true)
            });
    } else {
        // A connection idle for a while may have been dropped by the server, a proxy or a
        // firewall: only those are pinged before use. Pinging every checkout cost a network
        // round trip per statement.
        opt.max_connections(16)
            .min_connections(1)
            .test_before_acquire_if_idle_for(Duration::from_secs(30))
            .map_sqlx_postgres_pool_opts(|o| {
                o.after_connect(|conn, _| Box::pin(async move { ssd_costs(conn).await }))
            });
    }
    let mut db = Database::connect(opt).await?;
    db.set_metric_callback(|_| statements::count());
    Ok(db)
}

/// SQLite's memory from mimalloc and without allocation statistics, set once per process
/// before SQLite starts.
///
/// SQLite allocates and frees for every row it reads. By default it counts every
/// allocation under one process-wide mutex and takes the memory from glibc's allocator,
/// whose arenas are locked too: under 16 concurrent reads the connections' threads queued
/// on those locks, and the two together were a fifth of the server's CPU time (perf, a
/// hub's people and a mentor's relationships on national data). mimalloc (already the
/// server's allocator) keeps a heap per thread. Nothing here reads SQLite's statistics or
/// sets a soft heap limit (which needs them).
fn lean_allocator() {
    use libsqlite3_sys::{SQLITE_CONFIG_MALLOC, SQLITE_CONFIG_MEMSTATUS, SQLITE_OK};
    use std::os::raw::{c_int, c_void};
    static ONCE: std::sync::Once = std::sync::Once::new();
    // SAFETY (the four functions): SQLite passes sizes > 0 and only pointers it got from
    // them; mimalloc's blocks are aligned to 8 bytes or more, as SQLite requires.
    unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
        unsafe { libmimalloc_sys::mi_malloc(usize::try_from(n).unwrap_or(0)) }
    }
    unsafe extern "C" fn x_free(p: *mut c_void) {
        unsafe { libmimalloc_sys::mi_free(p) }
    }
    unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
        unsafe { libmimalloc_sys::mi_realloc(p, usize::try_from(n).unwrap_or(0)) }
    }
    unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
        let n = unsafe { libmimalloc_sys::mi_usable_size(p) };
        c_int::try_from(n).unwrap_or(c_int::MAX)
    }
    extern "C" fn x_roundup(n: c_int) -> c_int {
        n.saturating_add(7) & !7
    }
    extern "C" fn x_init(_: *mut c_void) -> c_int {
        SQLITE_OK
    }
    extern "C" fn x_shutdown(_: *mut c_void) {}
    ONCE.call_once(|| {
        let methods = libsqlite3_sys::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: sqlite3_config is only valid before SQLite is initialised; called later
        // it changes nothing and returns SQLITE_MISUSE, which is harmless (SQLite keeps its
        // defaults). SQLITE_CONFIG_MALLOC copies the structure it is given;
        // SQLITE_CONFIG_MEMSTATUS takes one int.
        let rc = unsafe {
            let a = libsqlite3_sys::sqlite3_config(SQLITE_CONFIG_MALLOC, &raw const methods);
            let b = libsqlite3_sys::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0 as c_int);
            if a == SQLITE_OK { b } else { a }
        };
        if rc != SQLITE_OK {
            tracing::debug!(
                code = rc,
                "SQLite was already initialised; it keeps its allocator"
            );
        }
    });
}

/// PostgreSQL plans for data that is in memory or on an SSD, as every deployment of this
/// size is: a random page read costs little more than a sequential one (1.1, PostgreSQL's
/// default of 4 dates from spinning disks). With the default, PostgreSQL summed a
/// programme's mentor hours by reading every attendee of every activity (10 ms on national
/// data) instead of looking up the programme's 1,700 activities' attendees in their index
/// (2.5 ms). Set per connection, so it needs no rights on the server or the database.
///
/// (Tried and left: `plan_cache_mode = force_generic_plan`, which keeps one plan per
/// prepared statement as SQLite does. Lists of national data served 15-30 % more requests,
/// but a plan made without the values misjudges conditions on skewed columns: "which
/// schools does the caller mentor" estimated one relationship not cancelled, read every
/// relationship, and took 1.5 ms instead of 0.15 ms, slowing the programme board by a
/// fifth. PostgreSQL's default, which plans for the values while that looks cheaper, is
/// kept.)
///
/// JIT compilation is off as well. PostgreSQL compiles a statement whose estimated cost
/// passes `jit_above_cost`, and an indicator of a hub (thousands of teachers, a union of
/// what they did, misestimated by orders of magnitude) passed it: 1.4 s of compiling for
/// 0.2 s of work. The statements here are short and run often; none gains from JIT.
async fn ssd_costs(
    conn: &mut sea_orm::sqlx::postgres::PgConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::Executor;
    conn.execute("SET random_page_cost = 1.1").await?;
    conn.execute("SET jit = off").await.map(|_| ())
}

/// Plans that do not depend on bound values (SQLite's "query planner stability guarantee").
///
/// Without it SQLite reads a bound `LIMIT ?` (every page, every `.one()`) as a number while
/// planning, marks the statement as depending on it, and so throws the cached statement
/// away and parses it again on every execution, because sqlx binds its parameters anew
/// each time: about 6 % of the CPU time of a short list went into re-parsing. No query here
/// relies on a plan chosen from a bound value (the planner's statistics carry no samples:
/// `analysis_limit` is set, and search decides its own way of reading in Rust).
async fn stable_plans(
    conn: &mut sea_orm::sqlx::sqlite::SqliteConnection,
) -> Result<(), sea_orm::sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    // SAFETY: `db` is the open connection held locked by `handle` for this call, and
    // SQLITE_DBCONFIG_ENABLE_QPSG takes an int (on/off) and an int pointer that may be null.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::os::raw::c_int,
            std::ptr::null_mut::<std::os::raw::c_int>(),
        )
    };
    if rc == libsqlite3_sys::SQLITE_OK {
        Ok(())
    } else {
        Err(sea_orm::sqlx::Error::Configuration(
            format!("SQLite refused the planner setting (code {rc})").into(),
        ))
    }
}

/// Counting the SQL statements a request issues: the structural tests use it to check that
/// a report's statements do not grow with the number of schools or members.
pub mod statements {
    use std::cell::Cell;
    use std::future::Future;
    use std::sync::atomic::{AtomicU64, Ordering};

    static TOTAL: AtomicU64 = AtomicU64::new(0);

    tokio::task_local! {
        static REQUEST: Cell<u64>;
    }

    /// Called by the connection for every statement it runs.
    pub fn count() {
        TOTAL.fetch_add(1, Ordering::Relaxed);
        let _ = REQUEST.try_with(|c| c.set(c.get() + 1));
    }

    /// Statements run by this process so far.
    pub fn total() -> u64 {
        TOTAL.load(Ordering::Relaxed)
    }

    /// Run `f` and say how many statements it issued (itself, not other tasks).
    pub async fn scoped<F: Future>(f: F) -> (F::Output, u64) {
        REQUEST
            .scope(Cell::new(0), async move {
                let out = f.await;
                (out, REQUEST.with(|c| c.get()))
            })
            .await
    }
}

/// The file path of a `sqlite://path?query` URL.
pub fn sqlite_path(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(path.to_string())
    }
}

pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Begin a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`), so a read-then-write transaction waits for a concurrent writer
/// (busy timeout) instead of failing with "database is locked" when it upgrades.
/// PostgreSQL ignores the mode.
pub async fn write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Lock one row until the transaction ends, before reading what a write depends on.
///
/// PostgreSQL (read committed) lets two transactions read the same row, check it and both
/// write; `SELECT … FOR UPDATE` makes the second wait for the first to finish and then read
/// what it left, so checks such as `If-Match`, "not yet submitted" or "still in progress"
/// hold. SQLite already runs write transactions one at a time (`BEGIN IMMEDIATE`), so
/// nothing is sent there. Lock the row a use case is about (the programme, the response,
/// the person) first, before any other lock, so that locks are always taken in one order.
pub async fn lock<E>(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<(), DbErr>
where
    E: EntityTrait,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<uuid::Uuid>,
{
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        return Ok(());
    }
    E::find_by_id(id).for_write().one(db).await?;
    Ok(())
}

/// Bound values in one multi-row insert at most.
///
/// Besides the databases' own limits (SQLite 32,766 values, PostgreSQL 65,535): on
/// PostgreSQL a statement whose message is larger than about 16 KB (the socket's first
/// send buffer on Linux) went out in two parts, and the second waited for the server's
/// delayed acknowledgement of the first: 40–50 ms on every such statement. Measured with
/// whole responses at 32 connections: inserts of 360 answers and more took 45 ms each,
/// those of 300 and fewer 1–3 ms. 600 values (200 answers, about 8 KB) stays well below.
const MAX_VALUES_PER_INSERT: usize = 600;

/// Rows inserted many per statement, in statements of at most 500 rows and
/// [`MAX_VALUES_PER_INSERT`] bound values, with `on_conflict` when given (an upsert).
pub async fn insert_in_chunks<A>(
    db: &impl ConnectionTrait,
    rows: impl IntoIterator<Item = A>,
    on_conflict: Option<OnConflict>,
) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
{
    use sea_orm::Iterable;
    let columns = <A::Entity as EntityTrait>::Column::iter().count().max(1);
    let per_statement = (MAX_VALUES_PER_INSERT / columns).clamp(1, 500);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        let mut insert = A::Entity::insert_many(chunk);
        if let Some(c) = &on_conflict {
            insert = insert.on_conflict(c.clone());
        }
        insert.exec_without_returning(db).await?;
    }
    Ok(())
}

/// `.for_write()` on a query: `FOR NO KEY UPDATE` on PostgreSQL (nothing on SQLite).
/// Writers of the same row wait for each other; inserts that merely refer to the row
/// (foreign keys) do not wait, which keeps lock waits short and deadlock-free.
pub trait ForWrite: QuerySelect + Sized {
    fn for_write(self) -> Self {
        self.lock(LockType::NoKeyUpdate)
    }
}

impl<T: QuerySelect + Sized> ForWrite for T {}

/// Refresh the planner's statistics (after loading much data, and at start-up on SQLite,
/// which never gathers them by itself): without them SQLite picks an index by its shape
/// and may read every row of a table. On PostgreSQL (after a bulk load) also `VACUUM`:
/// it marks the loaded pages all-visible, so a walk of an index that holds what a query
/// tests (the people's names with their search text) need not visit the rows it skips,
/// and the first readers need not set every row's hint bits.
pub async fn analyze(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            db.execute_unprepared("PRAGMA analysis_limit = 1000; ANALYZE; PRAGMA optimize;")
                .await?;
        }
        _ => {
            db.execute_unprepared("VACUUM (ANALYZE)").await?;
        }
    }
    Ok(())
}

/// The current time at the precision both databases keep (microseconds), so a value
/// returned before it is stored equals the value read back later.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

/// The rows of `stmt`, a statement that carries the value its plan depends on in its
/// text (a text search's pattern, see `platform::search`), planned each time it runs.
///
/// How many rows a search pattern matches decides the best plan: "school" matches every
/// school, so walking the name order and stopping at a page is best; a rare surname is
/// best found in the trigram index. PostgreSQL keeps a prepared statement's plan: after
/// five runs it compares a plan for any values with those it made for the values, and
/// keeps the former when it looks no dearer, which for a bound pattern it did once the
/// tables had statistics (on national data a school search then took 5 ms a run instead of
/// 0.3 ms). So the pattern is written into the statement, and on PostgreSQL the statement
/// goes unnamed: planned for the text it has and not kept, so that every searched text
/// does not become one more statement in each connection's cache. In a transaction, or on
/// SQLite (which plans without looking at values, see [`stable_plans`]), it runs as usual.
pub async fn query_all_planned<C: ConnectionTrait + 'static>(
    db: &C,
    stmt: sea_orm::Statement,
) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
    use sea_orm::DatabaseConnectionType;
    if let Some(conn) = (db as &dyn std::any::Any).downcast_ref::<DatabaseConnection>()
        && matches!(
            conn.inner,
            DatabaseConnectionType::SqlxPostgresPoolConnection(_)
        )
    {
        statements::count();
        let values = stmt
            .values
            .unwrap_or_else(|| sea_orm::sea_query::Values(Vec::new()));
        let rows = sea_orm::sqlx::query_with(
            sea_orm::sqlx::AssertSqlSafe(stmt.sql),
            sea_query_sqlx::SqlxValues(values),
        )
        .persistent(false)
        .fetch_all(conn.get_postgres_connection_pool())
        .await
        .map_err(|e| DbErr::Query(sea_orm::RuntimeErr::SqlxError(std::sync::Arc::new(e))))?;
        return Ok(rows.into_iter().map(sea_orm::QueryResult::from).collect());
    }
    db.query_all_raw(stmt).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_paths() {
        assert_eq!(
            super::sqlite_path("sqlite://./data/x.db?mode=rwc").as_deref(),
            Some("./data/x.db")
        );
        assert_eq!(
            super::sqlite_path("sqlite:/tmp/a.db").as_deref(),
            Some("/tmp/a.db")
        );
        assert_eq!(super::sqlite_path("sqlite::memory:"), None);
    }

    /// A table of three columns for [`inserts_are_bounded_by_bound_values`].
    mod trio {
        use sea_orm::entity::prelude::*;

        #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
        #[sea_orm(table_name = "trio")]
        pub struct Model {
            #[sea_orm(primary_key, auto_increment = false)]
            pub id: i32,
            pub a: String,
            pub b: String,
        }

        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    }

    #[tokio::test]
    async fn inserts_are_bounded_by_bound_values() {
        use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait};
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
        let db = super::connect_url(&url, true).await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE trio (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL)",
        )
        .await
        .unwrap();
        let rows = (0..1000).map(|id| {
            trio::Model {
                id,
                a: format!("a{id}"),
                b: "b".into(),
            }
            .into_active_model()
        });
        let (done, n) = super::statements::scoped(super::insert_in_chunks(&db, rows, None)).await;
        done.unwrap();
        // 600 values a statement: 200 rows of three columns, so 1,000 rows in five.
        assert_eq!(n, 5);
        assert_eq!(trio::Entity::find().count(&db).await.unwrap(), 1000);
    }
}
