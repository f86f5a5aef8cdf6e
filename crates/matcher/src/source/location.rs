//! Parsing a company source string (URL or path) into where the rows live.

use std::fmt;
use std::path::{Path, PathBuf};

use super::SourceError;

/// Where company rows are read from (CONTRACTS §1).
#[derive(Clone, PartialEq, Eq)]
pub enum SourceLocation {
    /// An SQLite database file, given as the sqlx connection URL.
    Sqlite {
        /// The `sqlite:` URL handed to sqlx.
        url: String,
        /// The database file, or `None` for an in-memory database.
        path: Option<PathBuf>,
    },
    /// A PostgreSQL server (`postgres://` or `postgresql://`).
    Postgres {
        /// The connection URL, possibly with a password.
        url: String,
    },
    /// A MySQL or MariaDB server (`mysql://` or `mariadb://`).
    MySql {
        /// The connection URL (a `mariadb://` scheme is rewritten to `mysql://`).
        url: String,
    },
    /// A CSV file with a header row naming the columns.
    Csv {
        /// The file.
        path: PathBuf,
    },
}

impl SourceLocation {
    /// Parses a source string: `sqlite://path`, `postgres://…`, `mysql://…`,
    /// or a bare path ending in `.sqlite`, `.sqlite3`, `.db` (SQLite) or `.csv`.
    pub fn parse(source: &str) -> Result<Self, SourceError> {
        let text = source.trim();
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("sqlite:") {
            let rest = &text["sqlite:".len()..];
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let file = rest.split('?').next().unwrap_or_default();
            let path = (!file.is_empty() && file != ":memory:").then(|| PathBuf::from(file));
            return Ok(Self::Sqlite {
                url: text.to_owned(),
                path,
            });
        }
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            return Ok(Self::Postgres {
                url: text.to_owned(),
            });
        }
        if lower.starts_with("mysql://") {
            return Ok(Self::MySql {
                url: text.to_owned(),
            });
        }
        if lower.starts_with("mariadb://") {
            return Ok(Self::MySql {
                url: format!("mysql://{}", &text["mariadb://".len()..]),
            });
        }
        if lower.contains("://") {
            return Err(SourceError::Unsupported(redact(text)));
        }
        let path = Path::new(text);
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("sqlite" | "sqlite3" | "db") => Ok(Self::Sqlite {
                url: format!("sqlite://{text}"),
                path: Some(path.to_owned()),
            }),
            Some("csv") => Ok(Self::Csv {
                path: path.to_owned(),
            }),
            _ => Err(SourceError::Unsupported(text.to_owned())),
        }
    }

    /// The kind of backend, for messages: `SQLite`, `PostgreSQL`, `MySQL` or `CSV`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite { .. } => "SQLite",
            Self::Postgres { .. } => "PostgreSQL",
            Self::MySql { .. } => "MySQL",
            Self::Csv { .. } => "CSV",
        }
    }
}

/// Shows the location without any password, so it is safe to log.
impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite { url, .. } => f.write_str(url),
            Self::Postgres { url } | Self::MySql { url } => f.write_str(&redact(url)),
            Self::Csv { path } => write!(f, "{}", path.display()),
        }
    }
}

/// Debug output is redacted too: a location must never leak a password into logs.
impl fmt::Debug for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SourceLocation({}: {self})", self.kind())
    }
}

/// Replaces the password of `scheme://user:password@host/…` with `***`.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let authority = &url[authority_start..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let userinfo = &authority[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..authority_start],
            &userinfo[..colon],
            &url[authority_start + at..]
        ),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind_of_source() {
        assert!(matches!(
            SourceLocation::parse("sqlite://data/x.sqlite").unwrap(),
            SourceLocation::Sqlite { path: Some(p), .. } if p == Path::new("data/x.sqlite")
        ));
        assert!(matches!(
            SourceLocation::parse("sqlite::memory:").unwrap(),
            SourceLocation::Sqlite { path: None, .. }
        ));
        assert!(matches!(
            SourceLocation::parse("companies.db").unwrap(),
            SourceLocation::Sqlite { url, .. } if url == "sqlite://companies.db"
        ));
        assert!(matches!(
            SourceLocation::parse("/tmp/companies.CSV").unwrap(),
            SourceLocation::Csv { .. }
        ));
        assert!(matches!(
            SourceLocation::parse("postgresql://u@h/db").unwrap(),
            SourceLocation::Postgres { .. }
        ));
        assert!(matches!(
            SourceLocation::parse("mariadb://root@h/test").unwrap(),
            SourceLocation::MySql { url } if url == "mysql://root@h/test"
        ));
    }

    #[test]
    fn rejects_unknown_sources_naming_them() {
        let err = SourceLocation::parse("companies.xlsx").unwrap_err();
        assert!(err.to_string().contains("companies.xlsx"), "{err}");
        let err = SourceLocation::parse("redis://u:secret@h").unwrap_err();
        assert!(!err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn redacts_passwords_everywhere() {
        assert_eq!(
            redact("postgres://user:s3cr@t@host:5432/db?x=1"),
            "postgres://user:***@host:5432/db?x=1"
        );
        assert_eq!(redact("mysql://root@host/test"), "mysql://root@host/test");
        let loc = SourceLocation::parse("postgres://u:hunter2@h/db").unwrap();
        assert!(!loc.to_string().contains("hunter2"));
        assert!(!format!("{loc:?}").contains("hunter2"));
    }
}
