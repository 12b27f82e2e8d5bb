//! Goals of a development plan get an owner, and actions an owner who is a person: one of
//! the school's people (`owner_id`), with free text (`owner_name`) only as a fallback for
//! someone without an account. When the person is erased the owner becomes empty.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on one connection, on SQLite too: its statements depend on each
    /// other, and a half-done rebuild must not be left behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let ty = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "uuid",
            _ => "uuid_text",
        };
        let db = m.get_connection();
        // One ALTER per statement (SQLite); a REFERENCES clause with a NULL default is
        // the portable way to add a foreign key to an existing table.
        for sql in [
            format!(
                "ALTER TABLE plan_goals ADD COLUMN owner_id {ty} NULL REFERENCES people (id) ON DELETE SET NULL"
            ),
            "ALTER TABLE plan_goals ADD COLUMN owner_name VARCHAR(200) NULL".to_string(),
            format!(
                "ALTER TABLE plan_actions ADD COLUMN owner_id {ty} NULL REFERENCES people (id) ON DELETE SET NULL"
            ),
        ] {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE plan_actions DROP COLUMN owner_id",
            "ALTER TABLE plan_goals DROP COLUMN owner_name",
            "ALTER TABLE plan_goals DROP COLUMN owner_id",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
