//! A reflection share remembers the recipient's role that made it possible (their grant
//! in the owner's school or hub). When that role ends, the database ends the share with
//! it (`ON DELETE CASCADE`): a share lasts only as long as its reason.
//! Shares made before this migration have no basis; the server checks them on every read.

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
        // SQLite cannot add a foreign key with a separate ALTER; a column with a
        // REFERENCES clause (default NULL) is the portable way on both databases.
        let ty = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => "uuid",
            _ => "uuid_text",
        };
        m.get_connection()
            .execute_unprepared(&format!(
                "ALTER TABLE reflection_shares ADD COLUMN grantee_grant_id {ty} NULL \
                 REFERENCES role_grants (id) ON DELETE CASCADE"
            ))
            .await?;
        m.create_index(
            Index::create()
                .name("idx_reflection_shares_grantee_grant")
                .table(Alias::new("reflection_shares"))
                .col(Alias::new("grantee_grant_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_reflection_shares_grantee_grant")
                .table(Alias::new("reflection_shares"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("ALTER TABLE reflection_shares DROP COLUMN grantee_grant_id")
            .await
            .map(|_| ())
    }
}
