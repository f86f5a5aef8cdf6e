//! Structured logs: one JSON object a line on stdout (CloudWatch reads
//! stdout), each with `ts` (RFC 3339, UTC), `level` and `event`.

use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use nayose_datagen::calendar::civil_from_days;
use serde_json::{Map, Value};

/// How serious a log line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Normal operation.
    Info,
    /// Something failed but the service goes on.
    Warn,
    /// Something failed that stops the service.
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
        }
    }
}

/// Writes one log line: `fields` (a JSON object; anything else is put under
/// `detail`) with `ts`, `level` and `event` first. Never fails: a closed
/// stdout loses the line, not the request.
pub fn event(level: Level, event: &str, fields: Value) {
    let mut text = line(&timestamp(SystemTime::now()), level, event, fields);
    text.push('\n');
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// One log line (without the newline): `ts`, `level` and `event` first,
/// then `fields`.
fn line(ts: &str, level: Level, event: &str, fields: Value) -> String {
    let fields = match fields {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => Map::from_iter([("detail".to_owned(), other)]),
    };
    let quoted = |text: &str| Value::String(text.to_owned()).to_string();
    let head = format!(
        "{{\"ts\":{},\"level\":{},\"event\":{}",
        quoted(ts),
        quoted(level.as_str()),
        quoted(event)
    );
    if fields.is_empty() {
        return head + "}";
    }
    // `{"a":…,"b":…}` joins the head after a comma.
    let rest = Value::Object(fields).to_string();
    format!("{head},{}", &rest[1..])
}

/// `time` as RFC 3339 in UTC with milliseconds, e.g. `2026-11-22T05:01:02.345Z`.
#[must_use]
pub fn timestamp(time: SystemTime) -> String {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn lines_start_with_time_level_and_event() {
        let text = line(
            "T",
            Level::Warn,
            "refresh",
            serde_json::json!({"a": 1, "b": "x"}),
        );
        assert_eq!(
            text,
            r#"{"ts":"T","level":"warn","event":"refresh","a":1,"b":"x"}"#
        );
        assert_eq!(
            line("T", Level::Info, "ready", Value::Null),
            r#"{"ts":"T","level":"info","event":"ready"}"#
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        let t = UNIX_EPOCH + Duration::from_millis(1_795_325_462_345);
        assert_eq!(timestamp(t), "2026-11-22T05:31:02.345Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(timestamp(leap), "2000-02-29T00:00:00.000Z");
    }
}
