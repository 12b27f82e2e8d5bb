//! An activity may have a start time (local, in the hub's time zone) and a place, so that
//! calendars show it at its hour and where to go instead of as an all-day entry.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE activities ADD COLUMN start_time VARCHAR(5) NULL",
            "ALTER TABLE activities ADD COLUMN place VARCHAR(200) NULL",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for sql in [
            "ALTER TABLE activities DROP COLUMN place",
            "ALTER TABLE activities DROP COLUMN start_time",
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
