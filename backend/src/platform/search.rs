//! Text search on the database's own index (see migration 14): FTS5 on SQLite, trigram
//! GIN indexes on PostgreSQL. Every whitespace-separated term must match: on SQLite a
//! word that begins with it, on PostgreSQL any part of the text; both ignore case and
//! accents ("jarve" finds "Järve").

use super::pagination::like_pattern;
use sea_orm::sea_query::{Condition, Expr, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, Statement};

/// What is searched.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// People: name and e-mail.
    People,
    /// Schools: name and municipality.
    Schools,
}

/// The terms of a query that can match anything: runs of letters or digits.
fn terms(q: &str) -> Vec<String> {
    q.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| t.to_lowercase())
        .take(8)
        .collect()
}

/// An FTS5 query: each term a quoted prefix phrase, all of them required.
pub fn fts_query(q: &str) -> Option<String> {
    let t = terms(q);
    if t.is_empty() {
        return None;
    }
    Some(
        t.iter()
            .map(|x| format!("\"{}\"*", x.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND "),
    )
}

/// How a match takes part in a query's plan (SQLite; PostgreSQL's planner decides itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drive {
    /// The rows come from the text index: best when the term matches few rows.
    Index,
    /// The text index is only asked about rows found another way (walking the list's
    /// order, or a narrow filter): best when the term matches many rows, of which a page
    /// is wanted — looking up a thousand matching rows to sort them costs more than
    /// walking the order until a page is full.
    Probe,
}

/// Matches of `q` up to which driving from the text index is the cheaper plan.
pub const FEW_MATCHES: u64 = 100;

/// The condition that a row of `target` matches `q`; `None` when `q` has no term that
/// could match (only punctuation), which callers treat as "everything".
pub fn matches(
    backend: DatabaseBackend,
    target: Target,
    q: &str,
    drive: Drive,
) -> Option<Condition> {
    match backend {
        DatabaseBackend::Sqlite => {
            let fts = fts_query(q)?;
            // SQLite's unary `+` keeps a term from driving the plan.
            let plus = if drive == Drive::Probe { "+" } else { "" };
            let sql = match target {
                Target::People => format!(
                    r#"{plus}"people".rowid IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)"#
                ),
                Target::Schools => format!(
                    r#"{plus}"schools".rowid IN (SELECT rowid FROM schools_search WHERE schools_search MATCH ?)"#
                ),
            };
            Some(Condition::all().add(Expr::cust_with_values(sql, [fts])))
        }
        _ => {
            let t = terms(q);
            if t.is_empty() {
                return None;
            }
            let text = match target {
                // A stored generated column (migration 18), not the function per row.
                Target::People => r#""people"."search_folded""#,
                Target::Schools => {
                    r#"ihub_fold("schools"."name" || ' ' || coalesce("schools"."municipality", ''))"#
                }
            };
            // The pattern is written into the statement so that the plan is made for it
            // (run it with db::query_all_planned): whether a term matches a few rows or
            // most of them decides between the trigram index and the name order.
            let mut c = Condition::all();
            for term in t {
                let e: SimpleExpr = Expr::cust(format!(
                    r"{text} LIKE ihub_fold({}) ESCAPE '\'",
                    pg_literal(&like_pattern(&term))
                ));
                c = c.add(e);
            }
            Some(c)
        }
    }
}

/// `s` as a PostgreSQL string constant. The escape-string form (`E'...'`) reads a
/// backslash the same whatever the server's `standard_conforming_strings`; a quote and a
/// backslash are doubled, so nothing in `s` can end the constant. (Text with a NUL byte
/// never gets here: requests carrying one are refused with 422.)
fn pg_literal(s: &str) -> String {
    format!("E'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// Whether `q` matches at most `FEW_MATCHES` rows of `target` (SQLite: counted on the text
/// index, which is cheap; elsewhere `true`: the planner has its own statistics).
pub async fn few_matches(
    db: &impl ConnectionTrait,
    target: Target,
    q: &str,
) -> Result<bool, DbErr> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(true);
    }
    let Some(fts) = fts_query(q) else {
        return Ok(true);
    };
    let table = match target {
        Target::People => "people_search",
        Target::Schools => "schools_search",
    };
    let sql = format!(
        "SELECT count(*) AS n FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT {})",
        FEW_MATCHES + 1
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            sql,
            [fts.into()],
        ))
        .await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(u64::try_from(n).unwrap_or(0) <= FEW_MATCHES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_every_term_and_drop_punctuation() {
        assert_eq!(
            fts_query("  Anna  tamm "),
            Some(r#""anna"* AND "tamm"*"#.into())
        );
        assert_eq!(fts_query(r#"o"brien"#), Some(r#""o""brien"*"#.into()));
        assert_eq!(fts_query("- ... @"), None);
        assert_eq!(fts_query("jõe"), Some(r#""jõe"*"#.into()));
    }

    #[test]
    fn postgres_constants_double_quotes_and_backslashes() {
        assert_eq!(pg_literal("tamm"), "E'tamm'");
        assert_eq!(pg_literal(r"o'brien\"), r"E'o''brien\\'");
        assert_eq!(pg_literal(r"\'); DROP"), r"E'\\''); DROP'");
    }
}
