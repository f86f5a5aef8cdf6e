//! A JSON client object (CONTRACTS §2, §5, §8) as a client row.
//!
//! The fields `client_id`, `name`, `address`, `phone`, `url`,
//! `corporate_number` and `invoice_number` are strings or null (null is
//! absent). Any other JSON type (a number, a boolean, an
//! array, an object) makes the row an `error` row naming the field: a
//! number is not read as text, since `"0123"` sent as `123` has already
//! lost its leading zero. Other fields are ignored. The fields' text goes
//! to the library as sent, as from CSV (see [`super::row`]).

use serde_json::Value;

use super::row::{Client, ClientRow, client_id};

/// Why a JSON value is not a client at all: it is not a JSON object (the
/// front-end decides whether that fails the request or makes an `error`
/// row). An object without `name` is a client: the library links it on its
/// other fields, or makes it an `error` when it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAClient(pub String);

impl NotAClient {
    /// The message.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.0
    }
}

/// The fields read from a client object.
const FIELDS: [&str; 7] = [
    "client_id",
    "name",
    "address",
    "phone",
    "url",
    "corporate_number",
    "invoice_number",
];

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Client object `number` (1-based), called `place` in messages.
pub fn json_client(number: usize, value: &Value, place: &str) -> Result<ClientRow, NotAClient> {
    let Value::Object(object) = value else {
        return Err(NotAClient(format!("{place} is not a JSON object")));
    };
    let text = |name: &str| match object.get(name) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let id = client_id(text("client_id").as_deref(), number);
    if let Some((field, value)) = FIELDS.iter().find_map(|field| {
        object
            .get(*field)
            .filter(|v| !v.is_null() && !v.is_string())
            .map(|v| (field, v))
    }) {
        return Ok(ClientRow {
            client_id: id,
            client: Err(format!(
                "{place}.{field} must be a string or null, not {}",
                type_name(value)
            )),
        });
    }
    Ok(ClientRow {
        client_id: id,
        client: Ok(Client {
            name: text("name").unwrap_or_default(),
            address: text("address"),
            phone: text("phone"),
            url: text("url"),
            corporate_number: text("corporate_number"),
            invoice_number: text("invoice_number"),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_or_null_and_nothing_else() {
        let row = json_client(
            3,
            &json!({"client_id": " c7 ", "name": " 山田 ", "url": null, "x": 1}),
            "clients[2]",
        );
        let row = row.unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(row.client_id, "c7");
        assert_eq!(
            row.client.map(|c| (c.name, c.url)),
            Ok((" 山田 ".into(), None))
        );
        for (body, field, kind) in [
            (json!({"name": 123}), "name", "a number"),
            (
                json!({"name": "a", "phone": 312_345_678}),
                "phone",
                "a number",
            ),
            (
                json!({"name": "a", "client_id": 7}),
                "client_id",
                "a number",
            ),
            (
                json!({"name": "a", "address": {"x": 1}}),
                "address",
                "an object",
            ),
            (json!({"name": "a", "url": true}), "url", "a boolean"),
        ] {
            let row = json_client(3, &body, "line 3").unwrap_or_else(|e| panic!("{e:?}"));
            assert_eq!(row.client_id, "3", "{body}");
            assert_eq!(
                row.client,
                Err(format!(
                    "line 3.{field} must be a string or null, not {kind}"
                ))
            );
        }
        let nameless = json_client(1, &json!({"name": null, "phone": "03-1234-5678"}), "p");
        assert_eq!(
            nameless.map(|row| row.client.map(|c| (c.name, c.phone))),
            Ok(Ok((String::new(), Some("03-1234-5678".to_owned()))))
        );
        assert_eq!(
            json_client(1, &json!([1]), "p"),
            Err(NotAClient("p is not a JSON object".to_owned()))
        );
    }
}
