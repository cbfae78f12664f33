//! Embedded migrations: each backend lists its own SQL files, numbered, applied in order at
//! start-up, each in its own transaction, and recorded in `schema_migration`.

/// One migration: a version number, a name, and the SQL that applies it.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Checks that versions increase strictly: a mis-numbered file is a build mistake, caught by
/// each backend's tests.
pub fn check_order(migrations: &[Migration]) -> Result<(), String> {
    migrations.windows(2).try_for_each(|pair| match pair {
        [a, b] if a.version >= b.version => Err(format!(
            "migration {} ({}) must come after {} ({})",
            b.version, b.name, a.version, a.name
        )),
        _ => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_order_migrations_are_refused() {
        let m = |version| Migration {
            version,
            name: "m",
            sql: "",
        };
        assert!(check_order(&[m(1), m(2), m(3)]).is_ok());
        assert!(check_order(&[m(1), m(1)]).is_err());
        assert!(check_order(&[m(2), m(1)]).is_err());
    }
}
