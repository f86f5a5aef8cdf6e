use super::*;
use crate::index::{Change, QueryKeys, QueryText};
use crate::source::CompanyRecord;

fn record(id: &str, name: &str, address: &str, phone: Option<&str>) -> CompanyRecord {
    CompanyRecord {
        id: id.into(),
        name: name.into(),
        address: Some(address.into()),
        phone: phone.map(str::to_owned),
        name_en: id
            .ends_with('1')
            .then(|| "Sakata Seed Corporation".to_owned()),
        ..Default::default()
    }
}

/// An index with a base, a delta and a tombstone.
fn index() -> Index {
    let rows = vec![
        record(
            "1",
            "株式会社サカタのタネ",
            "神奈川県横浜市都筑区仲町台2-7-1",
            Some("045-945-8800"),
        ),
        record("2", "ホクト株式会社", "長野県長野市南堀138-1", None),
        record(
            "3",
            "山田工務店",
            "東京都千代田区丸の内1-1-1",
            Some("03-1111-2222"),
        ),
        record("4", "高橋製作所有限会社", "大阪府大阪市北区梅田1-1", None),
        record("5", "株式会社山田電機", "東京都千代田区丸の内1-1-1", None),
    ];
    Index::from_records(&rows, RetrievalConfig::default()).apply(&[
        Change::Delete("4".into()),
        Change::Upsert(record(
            "6",
            "丸山精密工業株式会社",
            "愛知県名古屋市中区栄1-1",
            None,
        )),
    ])
}

fn queries() -> Vec<QueryKeys> {
    [
        ("ｻｶﾀﾉﾀﾈ(株)", ""),
        ("山田工務店", "東京都千代田区丸の内1-1-1"),
        ("高橋製作所", ""),
        ("丸山精密工業", "名古屋市"),
        ("Sakata Seed", ""),
    ]
    .into_iter()
    .map(|(name, address)| {
        QueryKeys::from_text(QueryText {
            name,
            address: Some(address).filter(|a| !a.is_empty()),
            ..Default::default()
        })
    })
    .collect()
}

fn stamp() -> SourceStamp {
    SourceStamp {
        location: "sqlite://companies.sqlite".into(),
        query: None,
        rows: 5,
        max_updated_at: Some("2026-12-08T00:00:00Z".into()),
        digest: index().id_digest(),
    }
}

#[test]
fn a_snapshot_reads_back_as_the_same_index() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("index.snapshot");
    let original = index();
    let bytes = original.write_snapshot(&path, stamp()).expect("written");
    assert_eq!(fs::metadata(&path).expect("file").len(), bytes);
    let (read, header) = Index::read_snapshot(&path, RetrievalConfig::default()).expect("read");
    assert_eq!(header.source, stamp());
    assert_eq!(header.rows, 5);
    assert_eq!(read.len(), original.len());
    assert_eq!(read.delta_len(), 1);
    assert_eq!(read.version(), original.version());
    assert_eq!(read.id_digest(), original.id_digest());
    assert_eq!(read.find("4"), None);
    for query in queries() {
        assert_eq!(read.search(&query), original.search(&query));
    }
    assert!(!read.search(&queries()[0]).is_empty());
    // Written twice, the same bytes: maps are written in a fixed order.
    let again = dir.path().join("again.snapshot");
    read.write_snapshot(&again, stamp()).expect("written");
    assert_eq!(fs::read(&path).ok(), fs::read(&again).ok());
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).expect("listing").count(), 2);
}

#[test]
fn the_id_digest_follows_the_ids_not_their_order() {
    let a = index();
    let rows = |ids: &[&str]| -> Vec<CompanyRecord> {
        ids.iter()
            .map(|id| record(id, "株式会社テスト", "東京都港区", None))
            .collect()
    };
    let forward = Index::from_records(&rows(&["1", "2", "3"]), RetrievalConfig::default());
    let backward = Index::from_records(&rows(&["3", "2", "1"]), RetrievalConfig::default());
    let other = Index::from_records(&rows(&["1", "2", "4"]), RetrievalConfig::default());
    assert_eq!(forward.id_digest(), backward.id_digest());
    assert_ne!(forward.id_digest(), other.id_digest());
    assert!(a.id_digest().starts_with("5:"), "{}", a.id_digest());
    // An updated_at counts: the same ids at another time differ.
    let digest = |updated_at: &str| {
        let mut digest = RowDigest::default();
        digest.add("1", Some(updated_at));
        digest.add("2", None);
        digest.finish()
    };
    assert_ne!(digest("2026-12-08"), digest("2026-12-09"));
    assert_eq!(digest("2026-12-08"), digest("2026-12-08"));
}

/// A snapshot of [`index`] in a temporary directory, and its bytes.
struct Written {
    dir: tempfile::TempDir,
    path: PathBuf,
    bytes: Vec<u8>,
}

impl Written {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("index.snapshot");
        index().write_snapshot(&path, stamp()).expect("written");
        let bytes = fs::read(&path).expect("read");
        Self { dir, path, bytes }
    }

    /// Puts `bytes` at the snapshot's path and reads them as a snapshot.
    fn read(&self, bytes: &[u8]) -> Result<(), SnapshotError> {
        fs::write(&self.path, bytes).expect("write");
        Index::read_snapshot(&self.path, RetrievalConfig::default()).map(|_| ())
    }
}

#[test]
fn a_corrupt_or_cut_snapshot_is_refused() {
    let written = Written::new();
    let (bytes, read) = (&written.bytes, |bytes: &[u8]| written.read(bytes));
    for at in [20, bytes.len() / 2, bytes.len() - 10] {
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x40;
        assert!(
            matches!(read(&flipped), Err(SnapshotError::Corrupt { .. })),
            "byte {at}"
        );
    }
    for cut in [12, 40, bytes.len() / 3, bytes.len() - 1] {
        assert!(
            matches!(read(&bytes[..cut]), Err(SnapshotError::Corrupt { .. })),
            "cut at {cut}"
        );
    }
    assert!(matches!(
        read(b"id,name\n1,A\n"),
        Err(SnapshotError::NotASnapshot { .. })
    ));
    assert!(matches!(read(b""), Err(SnapshotError::NotASnapshot { .. })));
    let missing =
        Index::read_snapshot(&written.dir.path().join("none"), RetrievalConfig::default());
    assert!(matches!(missing, Err(SnapshotError::Io { .. })));
}

/// The bytes of a snapshot whose header JSON is `edit`ed, re-framed with a
/// valid checksum, as other code would have written it.
fn with_header(bytes: &[u8], edit: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let mut input = Reader::new(&bytes[12..bytes.len() - 4]);
    let mut header: serde_json::Value =
        serde_json::from_slice(input.bytes().expect("header")).expect("json");
    let body = input.bytes().expect("body");
    edit(&mut header);
    let header = serde_json::to_vec(&header).expect("json");
    let mut out = bytes[..12].to_vec();
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    out.extend_from_slice(body);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

#[test]
fn a_snapshot_of_other_code_is_refused_with_its_versions() {
    let written = Written::new();
    let (bytes, read) = (&written.bytes, |bytes: &[u8]| written.read(bytes));
    // Unchanged, re-framed: still read.
    assert!(read(&with_header(bytes, |_| {})).is_ok());
    let older_schema = with_header(bytes, |h| h["feature_schema"] = 1.into());
    match read(&older_schema) {
        Err(
            error @ SnapshotError::OtherCode {
                found_schema: 1, ..
            },
        ) => {
            assert!(error.to_string().contains("rebuilt"), "{error}");
        }
        other => panic!("{other:?}"),
    }
    let other_normalizer = with_header(bytes, |h| h["normalizer"] = 99.into());
    assert!(matches!(
        read(&other_normalizer),
        Err(SnapshotError::OtherCode {
            found_normalizer: 99,
            ..
        })
    ));
    let mut other_format = bytes.clone();
    other_format[8..12].copy_from_slice(&(SNAPSHOT_FORMAT + 1).to_le_bytes());
    assert!(matches!(
        read(&other_format),
        Err(SnapshotError::OtherCode { found_format, .. }) if found_format == SNAPSHOT_FORMAT + 1
    ));
    // A header that miscounts the rows does not decode.
    let miscounted = with_header(bytes, |h| h["rows"] = 6.into());
    assert!(matches!(
        read(&miscounted),
        Err(SnapshotError::Decode { .. })
    ));
}
