//! A statement written by hand with `?` placeholders, numbered for PostgreSQL: for the
//! aggregate and bulk reads that sea-orm's query builder cannot say (CTEs, `VALUES` lists).

use sea_orm::{DatabaseBackend, Statement, Value};

pub struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Default for Sql {
    fn default() -> Self {
        Sql::new()
    }
}

impl Sql {
    pub fn new() -> Sql {
        Sql {
            text: String::new(),
            values: Vec::new(),
        }
    }
    pub fn push(&mut self, s: &str) -> &mut Sql {
        self.text.push_str(s);
        self
    }
    pub fn bind(&mut self, v: impl Into<Value>) -> &mut Sql {
        self.text.push('?');
        self.values.push(v.into());
        self
    }
    /// `(?, ?, …)` of the values; `(NULL)` for none (matches nothing).
    pub fn bind_list<V: Into<Value>>(&mut self, vs: impl IntoIterator<Item = V>) -> &mut Sql {
        self.text.push('(');
        let mut any = false;
        for v in vs {
            if any {
                self.text.push_str(", ");
            }
            any = true;
            self.bind(v);
        }
        if !any {
            self.text.push_str("NULL");
        }
        self.text.push(')');
        self
    }
    pub fn statement(self, backend: DatabaseBackend) -> Statement {
        let text = if backend == DatabaseBackend::Postgres {
            let mut out = String::with_capacity(self.text.len() + 16);
            let mut n = 0;
            for ch in self.text.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        } else {
            self.text
        };
        Statement::from_sql_and_values(backend, text, self.values)
    }
}
