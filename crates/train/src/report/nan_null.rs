//! Serde helpers: a not-applicable `f64` (NaN) is `null` in JSON and reads back
//! as NaN (serde_json writes non-finite floats as `null` but cannot read
//! `null` into an `f64`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Serialises a non-finite value as `null`.
pub(crate) fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.is_finite() {
        serializer.serialize_f64(*value)
    } else {
        serializer.serialize_none()
    }
}

/// Reads `null` as NaN.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

/// The same for a list of `(x, y)` points.
pub(crate) mod pairs {
    use super::{Deserialize, Deserializer, Serialize, Serializer};

    fn finite(value: f64) -> Option<f64> {
        value.is_finite().then_some(value)
    }

    /// Serialises each non-finite coordinate as `null`.
    pub(crate) fn serialize<S: Serializer>(
        points: &[(f64, f64)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        points
            .iter()
            .map(|&(x, y)| (finite(x), finite(y)))
            .collect::<Vec<_>>()
            .serialize(serializer)
    }

    /// Reads each `null` coordinate as NaN.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<(f64, f64)>, D::Error> {
        Ok(
            Vec::<(Option<f64>, Option<f64>)>::deserialize(deserializer)?
                .into_iter()
                .map(|(x, y)| (x.unwrap_or(f64::NAN), y.unwrap_or(f64::NAN)))
                .collect(),
        )
    }
}
