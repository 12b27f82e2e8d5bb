//! Text search on each database's own index instead of `LIKE '%…%'` scans: people (name,
//! e-mail) and schools (name, municipality).
//!
//! SQLite: FTS5 tables over the rows (external content, kept current by triggers) with the
//! `unicode61` tokenizer folding case and diacritics, so "jarve" finds "Järve"; a query
//! matches words that begin with each term.
//! PostgreSQL: trigram (`pg_trgm`) GIN indexes over the same text, lower-cased and with
//! accents removed (`unaccent`, through an IMMUTABLE wrapper so that it can be indexed);
//! a query matches rows that contain each term anywhere.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &[&str] = &[
    "CREATE VIRTUAL TABLE people_search USING fts5(name, email, content='people', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO people_search(people_search) VALUES ('rebuild')",
    "CREATE TRIGGER people_search_ai AFTER INSERT ON people BEGIN \
        INSERT INTO people_search (rowid, name, email) VALUES (new.rowid, new.name, new.email); END",
    "CREATE TRIGGER people_search_ad AFTER DELETE ON people BEGIN \
        INSERT INTO people_search (people_search, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email); END",
    "CREATE TRIGGER people_search_au AFTER UPDATE OF name, email ON people BEGIN \
        INSERT INTO people_search (people_search, rowid, name, email) VALUES ('delete', old.rowid, old.name, old.email); \
        INSERT INTO people_search (rowid, name, email) VALUES (new.rowid, new.name, new.email); END",
    "CREATE VIRTUAL TABLE schools_search USING fts5(name, municipality, content='schools', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO schools_search(schools_search) VALUES ('rebuild')",
    "CREATE TRIGGER schools_search_ai AFTER INSERT ON schools BEGIN \
        INSERT INTO schools_search (rowid, name, municipality) VALUES (new.rowid, new.name, new.municipality); END",
    "CREATE TRIGGER schools_search_ad AFTER DELETE ON schools BEGIN \
        INSERT INTO schools_search (schools_search, rowid, name, municipality) VALUES ('delete', old.rowid, old.name, old.municipality); END",
    "CREATE TRIGGER schools_search_au AFTER UPDATE OF name, municipality ON schools BEGIN \
        INSERT INTO schools_search (schools_search, rowid, name, municipality) VALUES ('delete', old.rowid, old.name, old.municipality); \
        INSERT INTO schools_search (rowid, name, municipality) VALUES (new.rowid, new.name, new.municipality); END",
];

const POSTGRES: &[&str] = &[
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION ihub_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT \
        AS $$ SELECT lower(unaccent('unaccent'::regdictionary, $1)) $$",
    "CREATE INDEX ix_people_search ON people USING gin (ihub_fold(name || ' ' || email) gin_trgm_ops)",
    "CREATE INDEX ix_schools_search ON schools USING gin (ihub_fold(name || ' ' || coalesce(municipality, '')) gin_trgm_ops)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let statements = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => POSTGRES,
            _ => SQLITE,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let statements: &[&str] = match m.get_database_backend() {
            sea_orm::DatabaseBackend::Postgres => &[
                "DROP INDEX ix_schools_search",
                "DROP INDEX ix_people_search",
                "DROP FUNCTION ihub_fold(text)",
            ],
            _ => &[
                "DROP TRIGGER schools_search_au",
                "DROP TRIGGER schools_search_ad",
                "DROP TRIGGER schools_search_ai",
                "DROP TABLE schools_search",
                "DROP TRIGGER people_search_au",
                "DROP TRIGGER people_search_ad",
                "DROP TRIGGER people_search_ai",
                "DROP TABLE people_search",
            ],
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
