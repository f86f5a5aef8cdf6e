//! A company source's stamp: what it holds now, read cheaply (only `id` and
//! `updated_at` are transferred), so a snapshot made from it can be checked
//! before it is trusted.

use super::{CompanySource, SourceError};
use crate::index::{RowDigest, SourceStamp};

impl CompanySource {
    /// The source's stamp: its location (password redacted) and custom
    /// query, how many rows have an id, the largest `updated_at`, and a
    /// [`RowDigest`] of every row's id and `updated_at`. Two stamps of a
    /// source are equal when no row was added, removed or given another
    /// `updated_at` between them.
    pub async fn stamp(&self) -> Result<SourceStamp, SourceError> {
        let mut digest = RowDigest::default();
        let mut max_updated_at: Option<String> = None;
        let rows = self
            .scan_ids(true, &mut |id, updated_at| {
                digest.add(id, updated_at);
                if let Some(updated_at) = updated_at
                    && max_updated_at.as_deref().is_none_or(|max| updated_at > max)
                {
                    max_updated_at = Some(updated_at.to_owned());
                }
            })
            .await?;
        Ok(SourceStamp {
            location: self.location().to_string(),
            query: self.query().map(str::to_owned),
            rows,
            max_updated_at,
            digest: digest.finish(),
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::source::{CompanyRecord, CompanySource, write_companies};

    fn record(id: &str, updated_at: Option<&str>) -> CompanyRecord {
        CompanyRecord {
            id: id.to_owned(),
            name: format!("株式会社{id}"),
            updated_at: updated_at.map(str::to_owned),
            ..CompanyRecord::default()
        }
    }

    #[tokio::test]
    async fn a_stamp_changes_with_the_rows_and_their_updated_at() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for file in ["c.sqlite", "c.csv"] {
            let path = dir.path().join(file);
            let source =
                CompanySource::parse(&path.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
            let stamp_of = |rows: Vec<CompanyRecord>| {
                let source = source.clone();
                async move {
                    write_companies(source.location(), "companies", rows)
                        .await
                        .unwrap_or_else(|e| panic!("{e}"));
                    source.stamp().await.unwrap_or_else(|e| panic!("{e}"))
                }
            };
            let first = stamp_of(vec![
                record("1", Some("2026-12-01T00:00:00Z")),
                record("2", Some("2026-12-03T00:00:00Z")),
                record("3", None),
            ])
            .await;
            assert_eq!(first.rows, 3, "{file}");
            assert_eq!(
                first.max_updated_at.as_deref(),
                Some("2026-12-03T00:00:00Z"),
                "{file}"
            );
            assert!(first.location.contains(file), "{file}: {first:?}");
            let reordered = stamp_of(vec![
                record("3", None),
                record("2", Some("2026-12-03T00:00:00Z")),
                record("1", Some("2026-12-01T00:00:00Z")),
            ])
            .await;
            assert_eq!(reordered, first, "{file}");
            // An older row updated in place, below the maximum.
            let updated = stamp_of(vec![
                record("1", Some("2026-12-02T00:00:00Z")),
                record("2", Some("2026-12-03T00:00:00Z")),
                record("3", None),
            ])
            .await;
            assert_eq!(updated.max_updated_at, first.max_updated_at, "{file}");
            assert_ne!(updated.digest, first.digest, "{file}");
            let deleted = stamp_of(vec![
                record("1", Some("2026-12-01T00:00:00Z")),
                record("2", Some("2026-12-03T00:00:00Z")),
            ])
            .await;
            assert_eq!(deleted.rows, 2, "{file}");
            assert_ne!(deleted.digest, first.digest, "{file}");
        }
        // A custom query is part of the stamp and filters its rows.
        let source = CompanySource::parse(&dir.path().join("c.sqlite").display().to_string())
            .unwrap_or_else(|e| panic!("{e}"))
            .with_query("SELECT id, name, updated_at FROM companies WHERE id <> '2'");
        let stamp = source.stamp().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(stamp.rows, 1);
        assert!(stamp.query.is_some());
        // A table without updated_at is stamped by its ids alone.
        let source = CompanySource::parse(&dir.path().join("c.sqlite").display().to_string())
            .unwrap_or_else(|e| panic!("{e}"))
            .with_query("SELECT id, name FROM companies");
        let stamp = source.stamp().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((stamp.rows, stamp.max_updated_at), (2, None));
    }
}
