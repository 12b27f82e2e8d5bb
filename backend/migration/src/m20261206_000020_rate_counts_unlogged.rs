//! The shared rate counts (migration 16) kept out of PostgreSQL's write-ahead log.
//!
//! Every start, submission and whole response with a campaign code counts one hit, and a
//! class answering at once comes from one school's address: every one of those requests
//! updated the same row and waited for the one before it to be flushed to disk (at 32
//! respondents, the whole-response path queued on that row). The counts are not anyone's
//! data: after a crash PostgreSQL empties an unlogged table, which gives every address a
//! fresh minute, and nothing else is lost. SQLite keeps its limits in memory (one server).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        m.get_connection()
            .execute_unprepared("ALTER TABLE rate_counts SET UNLOGGED")
            .await
            .map(|_| ())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        m.get_connection()
            .execute_unprepared("ALTER TABLE rate_counts SET LOGGED")
            .await
            .map(|_| ())
    }
}
