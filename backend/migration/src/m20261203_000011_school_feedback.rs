//! End-of-relationship feedback can come from and go to a school: a school takes part
//! through its leaders, who give and receive feedback for it. `to_person` becomes
//! optional (one of `to_person` / `to_school_id` is set), `from_school_id` says on whose
//! behalf a leader wrote it. One feedback per giving side and receiving side.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UNIQUE: &str = "CREATE UNIQUE INDEX ux_rfeedback ON relationship_feedback \
    (relationship_id, COALESCE(from_school_id, from_person), COALESCE(to_school_id, to_person))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction on one connection, on SQLite too: its statements depend on each
    /// other, and a half-done rebuild must not be left behind.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let statements: Vec<&str> = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => vec![
                "DROP INDEX ux_rfeedback",
                "ALTER TABLE relationship_feedback ALTER COLUMN to_person DROP NOT NULL",
                "ALTER TABLE relationship_feedback ADD COLUMN from_school_id uuid NULL REFERENCES schools (id) ON DELETE CASCADE",
                "ALTER TABLE relationship_feedback ADD COLUMN to_school_id uuid NULL REFERENCES schools (id) ON DELETE CASCADE",
                UNIQUE,
            ],
            // SQLite cannot drop NOT NULL: the table is rebuilt with its rows.
            _ => vec![
                "DROP INDEX ux_rfeedback",
                "CREATE TABLE relationship_feedback_v2 ( \
                    id uuid_text NOT NULL PRIMARY KEY, \
                    relationship_id uuid_text NOT NULL REFERENCES relationships (id) ON DELETE CASCADE, \
                    from_person uuid_text NOT NULL, \
                    to_person uuid_text NULL, \
                    rating integer NOT NULL, \
                    comment text NULL, \
                    at timestamp_with_timezone_text NOT NULL, \
                    from_school_id uuid_text NULL REFERENCES schools (id) ON DELETE CASCADE, \
                    to_school_id uuid_text NULL REFERENCES schools (id) ON DELETE CASCADE)",
                "INSERT INTO relationship_feedback_v2 (id, relationship_id, from_person, to_person, rating, comment, at) \
                    SELECT id, relationship_id, from_person, to_person, rating, comment, at FROM relationship_feedback",
                "DROP TABLE relationship_feedback",
                "ALTER TABLE relationship_feedback_v2 RENAME TO relationship_feedback",
                UNIQUE,
            ],
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "feedback to schools cannot be folded back into person-to-person feedback".into(),
        ))
    }
}
