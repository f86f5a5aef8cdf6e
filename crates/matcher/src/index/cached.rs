//! An index kept as a snapshot beside its source: read when the snapshot
//! still matches the source, built and saved again when it does not, never
//! trusted when it is corrupt or was written by other code.

use std::path::Path;

use super::{Index, IndexError, RetrievalConfig, SnapshotError, SourceStamp};
use crate::source::{CompanySource, LoadReport};

/// Why an index was built rather than read from its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildReason {
    /// No snapshot at the path.
    NoSnapshot,
    /// The snapshot was made from the source as it was before (rows added,
    /// removed or updated since, or another location or query).
    Outdated,
    /// The snapshot was refused: corrupt, truncated, or written by other
    /// code (the refusal's message).
    Refused(String),
}

/// Where an opened index came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexOrigin {
    /// Read from a snapshot that matches the source.
    Snapshot,
    /// Built from the source, for the reason given.
    Built(BuildReason),
}

/// An index opened with a snapshot path.
#[derive(Debug)]
pub struct OpenedIndex {
    /// The index.
    pub index: Index,
    /// Where it came from.
    pub origin: IndexOrigin,
    /// The source's stamp, taken before the index was read or built.
    pub stamp: SourceStamp,
    /// The load of the source, when the index was built.
    pub load: Option<LoadReport>,
    /// When it was built: the snapshot's size once saved, or why it could
    /// not be saved (the index is usable all the same).
    pub saved: Option<Result<u64, SnapshotError>>,
}

impl Index {
    /// The index over `source`, read from the snapshot at `snapshot` when
    /// that snapshot was made from the source as it is now (same location,
    /// query, rows and `updated_at` values: [`CompanySource::stamp`]), else
    /// built from the source and saved there. A snapshot made while the
    /// source changed is stamped with the source as it was before the
    /// build, so it is found outdated and rebuilt next time, never trusted.
    pub async fn open_with_snapshot(
        source: &CompanySource,
        config: RetrievalConfig,
        snapshot: &Path,
    ) -> Result<OpenedIndex, IndexError> {
        let stamp = source.stamp().await?;
        let path = snapshot.to_owned();
        let read = tokio::task::spawn_blocking(move || read_if_present(&path, config)).await?;
        let reason = match read {
            None => BuildReason::NoSnapshot,
            Some(Ok((index, made_from))) if made_from == stamp => {
                return Ok(OpenedIndex {
                    index,
                    origin: IndexOrigin::Snapshot,
                    stamp,
                    load: None,
                    saved: None,
                });
            }
            Some(Ok(_)) => BuildReason::Outdated,
            Some(Err(refused)) => BuildReason::Refused(refused.to_string()),
        };
        let (index, load) = Self::build(source, config).await?;
        // A clone shares the segments: nothing is copied.
        let (to_save, path, made_from) = (index.clone(), snapshot.to_owned(), stamp.clone());
        let saved =
            tokio::task::spawn_blocking(move || to_save.write_snapshot(&path, made_from)).await?;
        Ok(OpenedIndex {
            index,
            origin: IndexOrigin::Built(reason),
            stamp,
            load: Some(load),
            saved: Some(saved),
        })
    }
}

/// The snapshot at `path` with the stamp it was made from; `None` when
/// there is none.
fn read_if_present(
    path: &Path,
    config: RetrievalConfig,
) -> Option<Result<(Index, SourceStamp), SnapshotError>> {
    match Index::read_snapshot(path, config) {
        Err(SnapshotError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            None
        }
        read => Some(read.map(|(index, header)| (index, header.source))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{QueryKeys, QueryText};
    use crate::source::{CompanyRecord, write_companies};

    fn record(id: &str, name: &str, updated_at: &str) -> CompanyRecord {
        CompanyRecord {
            id: id.to_owned(),
            name: name.to_owned(),
            address: Some("東京都千代田区丸の内1-1-1".to_owned()),
            updated_at: Some(updated_at.to_owned()),
            ..CompanyRecord::default()
        }
    }

    async fn open(source: &CompanySource, snapshot: &Path) -> OpenedIndex {
        Index::open_with_snapshot(source, RetrievalConfig::default(), snapshot)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn finds(index: &Index, name: &str) -> Option<String> {
        let query = QueryKeys::from_text(QueryText {
            name,
            ..QueryText::default()
        });
        let best = index.search(&query).first().map(|c| c.row)?;
        index.company(best).map(|c| c.id.to_owned())
    }

    #[tokio::test]
    async fn a_snapshot_is_read_while_it_matches_and_rebuilt_when_not() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let table = dir.path().join("companies.sqlite");
        let snapshot = dir.path().join("companies.snapshot");
        let source =
            CompanySource::parse(&table.display().to_string()).unwrap_or_else(|e| panic!("{e}"));
        let rows = vec![
            record("1", "株式会社サカタのタネ", "2026-12-01"),
            record("2", "ホクト株式会社", "2026-12-02"),
        ];
        let write = |rows: Vec<CompanyRecord>| {
            let location = source.location().clone();
            async move {
                write_companies(&location, "companies", rows)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        };
        write(rows.clone()).await;

        let first = open(&source, &snapshot).await;
        assert_eq!(first.origin, IndexOrigin::Built(BuildReason::NoSnapshot));
        assert!(matches!(first.saved, Some(Ok(bytes)) if bytes > 0));
        assert_eq!(first.load.map(|l| l.rows), Some(2));

        let second = open(&source, &snapshot).await;
        assert_eq!(second.origin, IndexOrigin::Snapshot);
        assert_eq!(finds(&second.index, "サカタのタネ").as_deref(), Some("1"));

        // A row renamed in place (its updated_at moves, the ids do not).
        let mut renamed = rows.clone();
        renamed[1] = record("2", "丸山精密工業株式会社", "2026-12-03");
        write(renamed).await;
        let third = open(&source, &snapshot).await;
        assert_eq!(third.origin, IndexOrigin::Built(BuildReason::Outdated));
        assert_eq!(finds(&third.index, "丸山精密工業").as_deref(), Some("2"));
        assert_eq!(open(&source, &snapshot).await.origin, IndexOrigin::Snapshot);

        // A corrupt snapshot is refused and replaced.
        let mut bytes = std::fs::read(&snapshot).unwrap_or_else(|e| panic!("{e}"));
        let middle = bytes.len() / 2;
        bytes[middle] ^= 1;
        std::fs::write(&snapshot, bytes).unwrap_or_else(|e| panic!("{e}"));
        let fourth = open(&source, &snapshot).await;
        assert!(
            matches!(&fourth.origin, IndexOrigin::Built(BuildReason::Refused(why)) if why.contains("corrupt")),
            "{:?}",
            fourth.origin
        );
        assert_eq!(open(&source, &snapshot).await.origin, IndexOrigin::Snapshot);

        // A snapshot that cannot be saved leaves a usable index.
        let nowhere = dir.path().join("missing-dir").join("companies.snapshot");
        let unsaved = open(&source, &nowhere).await;
        assert!(matches!(unsaved.saved, Some(Err(_))), "{:?}", unsaved.saved);
        assert_eq!(unsaved.index.len(), 2);
    }
}
