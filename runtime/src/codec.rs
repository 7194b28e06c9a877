//! Serde adapters the generated models name in their `#[serde(with = …)]` attributes.
//!
//! They live here so that generated code stays short and the leniency rules
//! (what we accept from vendors) are written once.

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use std::marker::PhantomData;

pub use serde_with::{As, Same};

/// RFC 3339 date-times, such as `2015-07-30T20:00:00Z` or with fractional
/// seconds (`2020-01-01T12:00:00.123456Z`) or an offset (`+01:00`).
pub type Rfc3339 = time::format_description::well_known::Rfc3339;

/// A number sent either as a JSON number or as a numeric string: vendors send
/// `"price": -0.0070` and `"price": "-0.0070"` for the same field. Written as a
/// JSON number.
pub type LenientNumber = serde_with::PickFirst<(Same, serde_with::DisplayFromStr)>;

/// Reads a string enum without allocating for values the enum knows; values it
/// does not know go to the enum's fallback variant through `From<&str>`.
pub fn deserialize_wire_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct WireEnum<T>(PhantomData<T>);

    impl<T: for<'a> From<&'a str>> Visitor<'_> for WireEnum<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(WireEnum(PhantomData))
}

/// Reads an object of a tagged union (OpenAPI `discriminator`): the whole
/// object, and the tag at `property` when it is a string. The object is kept
/// whole because the variant types declare the tag property too.
pub fn read_tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    property: &str,
) -> Result<(Option<String>, serde_json::Value), D::Error> {
    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
    let tag = value.get(property).and_then(serde_json::Value::as_str).map(str::to_owned);
    Ok((tag, value))
}

/// Decodes the variant a tag selected, wrapping it in its union variant.
pub fn tagged_variant<T, U, E>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> U,
) -> Result<U, E>
where
    T: serde::de::DeserializeOwned,
    E: Error,
{
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Priced {
        #[serde(default, with = "As::<Option<LenientNumber>>")]
        price: Option<f64>,
        #[serde(default, with = "As::<Option<Rfc3339>>")]
        at: Option<time::OffsetDateTime>,
    }

    #[test]
    fn numbers_arrive_as_numbers_or_strings() {
        let a: Priced = serde_json::from_str(r#"{"price": -0.007}"#).unwrap();
        let b: Priced = serde_json::from_str(r#"{"price": "-0.0070"}"#).unwrap();
        assert_eq!(a.price, Some(-0.007));
        assert_eq!(a, b);
        assert!(serde_json::from_str::<Priced>(r#"{"price": "cheap"}"#).is_err());
    }

    #[test]
    fn date_times_with_and_without_fractional_seconds() {
        let whole: Priced =
            serde_json::from_str(r#"{"at": "2015-07-30T20:00:00Z"}"#).unwrap();
        let fraction: Priced =
            serde_json::from_str(r#"{"at": "2015-07-30T20:00:00.250Z"}"#).unwrap();
        assert_eq!(whole.at.unwrap().unix_timestamp(), 1438286400);
        assert_eq!(fraction.at.unwrap().millisecond(), 250);
        let null: Priced =
            serde_json::from_str(r#"{"at": null, "price": null}"#).unwrap();
        assert_eq!(null, Priced { price: None, at: None });
    }
}
