//! Text search on the database's own index (see migration 14): FTS5 on SQLite, trigram
//! GIN indexes on PostgreSQL. Every whitespace-separated term must match: on SQLite a
//! word that begins with it, on PostgreSQL any part of the text; both ignore case and
//! accents ("jarve" finds "Järve").

use super::pagination::like_pattern;
use sea_orm::DatabaseBackend;
use sea_orm::sea_query::{Condition, Expr, SimpleExpr};

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

/// The condition that a row of `target` matches `q`; `None` when `q` has no term that
/// could match (only punctuation), which callers treat as "everything".
pub fn matches(backend: DatabaseBackend, target: Target, q: &str) -> Option<Condition> {
    match backend {
        DatabaseBackend::Sqlite => {
            let fts = fts_query(q)?;
            let sql = match target {
                Target::People => {
                    r#""people".rowid IN (SELECT rowid FROM people_search WHERE people_search MATCH ?)"#
                }
                Target::Schools => {
                    r#""schools".rowid IN (SELECT rowid FROM schools_search WHERE schools_search MATCH ?)"#
                }
            };
            Some(Condition::all().add(Expr::cust_with_values(sql, [fts])))
        }
        _ => {
            let t = terms(q);
            if t.is_empty() {
                return None;
            }
            let text = match target {
                Target::People => r#"ihub_fold("people"."name" || ' ' || "people"."email")"#,
                Target::Schools => {
                    r#"ihub_fold("schools"."name" || ' ' || coalesce("schools"."municipality", ''))"#
                }
            };
            let mut c = Condition::all();
            for term in t {
                let e: SimpleExpr = Expr::cust_with_values(
                    format!(r"{text} LIKE ihub_fold($1) ESCAPE '\'"),
                    [like_pattern(&term)],
                );
                c = c.add(e);
            }
            Some(c)
        }
    }
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
}
