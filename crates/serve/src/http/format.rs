//! The three wire formats of `/invocations` (CONTRACTS §5), chosen by
//! `Content-Type` for the request and `Accept` for the response.

/// A request or response format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `application/json`: `{"mode": …, "clients": […]}` in, `{"results": […]}` out.
    Json,
    /// `text/csv`: one client a line, header optional.
    Csv,
    /// `application/jsonlines`: one JSON object a line.
    JsonLines,
}

/// The media types accepted for JSON Lines (the first is the canonical one).
const JSON_LINES: &[&str] = &[
    "application/jsonlines",
    "application/x-jsonlines",
    "application/jsonl",
    "application/x-ndjson",
];

/// What the server speaks, for messages.
pub const SUPPORTED: &str = "application/json, text/csv, application/jsonlines";

impl Format {
    /// The media type written in `Content-Type`.
    #[must_use]
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Json => "application/json",
            Self::Csv => "text/csv; charset=utf-8",
            Self::JsonLines => "application/jsonlines",
        }
    }

    /// The format of a `Content-Type` value (parameters ignored), if supported.
    #[must_use]
    pub fn from_content_type(value: &str) -> Option<Self> {
        let essence = essence(value);
        match essence.as_str() {
            "application/json" => Some(Self::Json),
            "text/csv" => Some(Self::Csv),
            e if JSON_LINES.contains(&e) => Some(Self::JsonLines),
            _ => None,
        }
    }

    /// The response format for an `Accept` value: the supported media range
    /// with the highest `q` (earliest first among equals); a wildcard or a
    /// missing header means `default`. `None` when nothing acceptable is
    /// supported (406).
    #[must_use]
    pub fn from_accept(value: Option<&str>, default: Self) -> Option<Self> {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
            return Some(default);
        };
        let mut ranges: Vec<(f32, usize, Option<Self>)> = Vec::new();
        for (position, range) in value.split(',').enumerate() {
            let q = range
                .split(';')
                .skip(1)
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            let chosen = match essence(range).as_str() {
                "*/*" | "" => Some(default),
                "application/*" if default != Self::Csv => Some(default),
                "application/*" => Some(Self::Json),
                "text/*" => Some(Self::Csv),
                _ => Self::from_content_type(range),
            };
            ranges.push((q, position, chosen));
        }
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges.into_iter().find_map(|(_, _, format)| format)
    }
}

/// A media type without parameters, trimmed and in lower case.
fn essence(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        assert_eq!(
            Format::from_content_type("Application/JSON; charset=utf-8"),
            Some(Format::Json)
        );
        assert_eq!(Format::from_content_type("text/csv"), Some(Format::Csv));
        assert_eq!(
            Format::from_content_type("application/x-ndjson"),
            Some(Format::JsonLines)
        );
        assert_eq!(Format::from_content_type("text/plain"), None);
    }

    #[test]
    fn accept_negotiation() {
        use Format::*;
        assert_eq!(Format::from_accept(None, Csv), Some(Csv));
        assert_eq!(Format::from_accept(Some("*/*"), JsonLines), Some(JsonLines));
        assert_eq!(Format::from_accept(Some("text/csv"), Json), Some(Csv));
        assert_eq!(
            Format::from_accept(Some("text/html, application/json;q=0.5"), Csv),
            Some(Json)
        );
        assert_eq!(
            Format::from_accept(Some("text/csv;q=0.2, application/jsonlines"), Json),
            Some(JsonLines)
        );
        assert_eq!(Format::from_accept(Some("image/png"), Json), None);
        assert_eq!(Format::from_accept(Some("text/csv;q=0"), Json), None);
    }
}
