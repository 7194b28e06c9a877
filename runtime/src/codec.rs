//! Serde adapters the generated models name in their `#[serde(with = …)]` attributes.
//!
//! They live here so that generated code stays short and the leniency rules
//! (what we accept from vendors) are written once.

use serde::de::{Deserializer, Error, Visitor};
use std::fmt;
use std::marker::PhantomData;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

pub use serde_with::{As, DefaultOnNull, Same};

/// Date-times as vendors send them: RFC 3339 (`2015-07-30T20:00:00Z`, with
/// or without fractional seconds, any offset), and also without an offset
/// (`2020-05-05T09:59:12`, as some Telnyx pages show), which is read as UTC.
/// Always written as RFC 3339.
pub struct DateTime;

impl serde_with::SerializeAs<OffsetDateTime> for DateTime {
    fn serialize_as<S: serde::Serializer>(
        value: &OffsetDateTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = value.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> serde_with::DeserializeAs<'de, OffsetDateTime> for DateTime {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        struct DateTimeText;

        impl Visitor<'_> for DateTimeText {
            type Value = OffsetDateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time")
            }

            fn visit_str<E: Error>(self, text: &str) -> Result<OffsetDateTime, E> {
                parse_date_time(text)
                    .ok_or_else(|| E::custom(format!("`{text}` is not an RFC 3339 date-time")))
            }
        }

        deserializer.deserialize_str(DateTimeText)
    }
}

/// RFC 3339 first; failing that, the same without an offset, taken as UTC.
fn parse_date_time(text: &str) -> Option<OffsetDateTime> {
    if let Ok(parsed) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(parsed);
    }
    let without_offset = time::format_description::well_known::Iso8601::DEFAULT;
    time::PrimitiveDateTime::parse(text, &without_offset)
        .ok()
        .map(|t| t.assume_utc())
}

/// A number sent either as a JSON number or as a numeric string: vendors send
/// `"price": -0.0070` and `"price": "-0.0070"` for the same field. Written as a
/// JSON number.
pub type LenientNumber = serde_with::PickFirst<(Same, serde_with::DisplayFromStr)>;

/// Text sent either as a JSON string or as a JSON number: a field a vendor
/// documents as a string (SignalWire's `num_pages`, `"3"`) arrives as a
/// number (`3`) from another of its APIs. The number is kept as its decimal
/// text; anything else (an object, a list, a boolean) is still an error.
/// Written as a string. The mirror of [`LenientNumber`].
pub struct LenientString;

impl serde_with::SerializeAs<String> for LenientString {
    fn serialize_as<S: serde::Serializer>(
        value: &String,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value)
    }
}

impl<'de> serde_with::DeserializeAs<'de, String> for LenientString {
    fn deserialize_as<D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        struct TextOrNumber;

        impl Visitor<'_> for TextOrNumber {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }

            fn visit_str<E: Error>(self, text: &str) -> Result<String, E> {
                Ok(text.to_owned())
            }

            fn visit_string<E: Error>(self, text: String) -> Result<String, E> {
                Ok(text)
            }

            fn visit_i64<E: Error>(self, number: i64) -> Result<String, E> {
                Ok(number.to_string())
            }

            fn visit_u64<E: Error>(self, number: u64) -> Result<String, E> {
                Ok(number.to_string())
            }

            fn visit_f64<E: Error>(self, number: f64) -> Result<String, E> {
                Ok(number.to_string())
            }
        }

        // `deserialize_any`, not `deserialize_string`: a self-describing
        // format must be free to hand over a number.
        deserializer.deserialize_any(TextOrNumber)
    }
}

/// The field types generated models read leniently, each with the adapter
/// that reads it: text ([`LenientString`]), numbers ([`LenientNumber`]) and
/// date-times ([`DateTime`]), and options, lists, boxes and maps of them.
/// Generated code names one module for all of them, [`lenient`], instead of
/// spelling the adapter out on every field; the adapter is the same.
pub trait Lenient: Sized {
    /// What reads and writes `Self`.
    type Adapter: serde_with::SerializeAs<Self> + for<'de> serde_with::DeserializeAs<'de, Self>;
}

impl Lenient for String {
    type Adapter = LenientString;
}

impl Lenient for OffsetDateTime {
    type Adapter = DateTime;
}

macro_rules! lenient_numbers {
    ($($number:ty),*) => {
        $(impl Lenient for $number {
            type Adapter = LenientNumber;
        })*
    };
}

lenient_numbers!(i32, i64, f32, f64);

impl<T: Lenient> Lenient for Option<T> {
    type Adapter = Option<T::Adapter>;
}

impl<T: Lenient> Lenient for Vec<T> {
    type Adapter = Vec<T::Adapter>;
}

impl<T: Lenient> Lenient for Box<T> {
    type Adapter = Box<T::Adapter>;
}

impl<T: Lenient> Lenient for std::collections::BTreeMap<String, T> {
    type Adapter = std::collections::BTreeMap<Same, T::Adapter>;
}

/// `#[serde(with = "fax_runtime::codec::lenient")]`: a [`Lenient`] field,
/// read and written through its adapter.
pub mod lenient {
    use super::Lenient;
    use serde_with::{DeserializeAs, SerializeAs};

    /// Writes `value` as its adapter does.
    pub fn serialize<T: Lenient, S: serde::Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        T::Adapter::serialize_as(value, serializer)
    }

    /// Reads a `T` as its adapter does.
    pub fn deserialize<'de, T: Lenient, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::Adapter::deserialize_as(deserializer)
    }
}

/// `#[serde(with = "fax_runtime::codec::lenient_or_empty")]`: [`lenient`],
/// and a `null` reads as the empty value (a required text, list or map that
/// a vendor sends as `null`).
pub mod lenient_or_empty {
    use super::{DefaultOnNull, Lenient};
    use serde_with::DeserializeAs;

    /// Writes `value` as its adapter does (as [`lenient`](super::lenient)).
    pub use super::lenient::serialize;

    /// Reads a `T` as its adapter does; `null` as `T::default()`.
    pub fn deserialize<'de, T: Lenient + Default, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        DefaultOnNull::<T::Adapter>::deserialize_as(deserializer)
    }
}

/// `#[serde(with = "fax_runtime::codec::or_empty")]`: a `null` reads as the
/// empty value, anything else as `T` reads itself (a required list or map of
/// models that a vendor sends as `null`).
pub mod or_empty {
    use super::DefaultOnNull;
    use serde_with::DeserializeAs;

    /// Writes `value` as it is.
    pub fn serialize<T: serde::Serialize, S: serde::Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads a `T`; `null` as `T::default()`.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: serde::Deserialize<'de> + Default,
        D: serde::Deserializer<'de>,
    {
        DefaultOnNull::<serde_with::Same>::deserialize_as(deserializer)
    }
}

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
    let tag = value
        .get(property)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned);
    Ok((tag, value))
}

/// Decodes the variant a tag selected, wrapping it in its union variant.
pub fn tagged_variant<T, U, E>(value: serde_json::Value, wrap: impl FnOnce(T) -> U) -> Result<U, E>
where
    T: serde::de::DeserializeOwned,
    E: Error,
{
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

/// Implements a generated string enum's wire behaviour: `Display`,
/// `Serialize` and `Deserialize` through the wire value, both ways, with any
/// unknown value kept in the enum's fallback variant.
///
/// `wire_enum_impls!(Name)` builds them on the `as_str` and `From<&str>` the
/// enum defines itself. `wire_enum_impls!(Name, Fallback)` also defines
/// those two, from the enum's table `const WIRE: &[(Self, &str)]` of every
/// known variant and its wire value, `Fallback(String)` holding the rest.
/// Either way it is one line per enum in generated code instead of several
/// impl blocks, which also keeps the generator fast (parsing those blocks
/// was a large share of formatting a big spec).
#[macro_export]
macro_rules! wire_enum_impls {
    ($name:ident, $fallback:ident) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$fallback(value) => value,
                    known => Self::WIRE
                        .iter()
                        .find(|(variant, _)| variant == known)
                        .map_or("", |(_, wire)| wire),
                }
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::WIRE
                    .iter()
                    .find(|(_, wire)| *wire == value)
                    .map_or_else(
                        || Self::$fallback(value.to_owned()),
                        |(variant, _)| variant.clone(),
                    )
            }
        }

        $crate::wire_enum_impls!($name);
    };
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::codec::__serde::Serialize for $name {
            fn serialize<S: $crate::codec::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::codec::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codec::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::codec::deserialize_wire_enum(deserializer)
            }
        }
    };
}

/// The `serde` the macros above name, so generated code needs no path of its own.
#[doc(hidden)]
pub use serde as __serde;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
    struct Priced {
        #[serde(default, with = "As::<Option<LenientNumber>>")]
        price: Option<f64>,
        #[serde(default, with = "As::<Option<DateTime>>")]
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

    #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
    struct Counted {
        #[serde(with = "As::<LenientString>")]
        pages: String,
        #[serde(default, with = "As::<Option<LenientString>>")]
        price: Option<String>,
        #[serde(default, with = "As::<DefaultOnNull<LenientString>>")]
        unit: String,
        #[serde(default, with = "As::<DefaultOnNull<Vec<LenientString>>>")]
        tags: Vec<String>,
    }

    #[test]
    fn text_arrives_as_text_or_numbers() {
        let text: Counted = serde_json::from_str(r#"{"pages": "3", "price": "-0.005"}"#).unwrap();
        let number: Counted = serde_json::from_str(r#"{"pages": 3, "price": -0.005}"#).unwrap();
        assert_eq!(text, number);
        assert_eq!(number.pages, "3");
        assert_eq!(number.price.as_deref(), Some("-0.005"));
        let big: Counted =
            serde_json::from_str(r#"{"pages": 18446744073709551615, "tags": [1, "a"]}"#).unwrap();
        assert_eq!(big.pages, "18446744073709551615");
        assert_eq!(big.tags, ["1", "a"]);
        assert_eq!(
            serde_json::to_string(&number).unwrap(),
            r#"{"pages":"3","price":"-0.005","unit":"","tags":[]}"#
        );
        assert!(serde_json::from_str::<Counted>(r#"{"pages": true}"#).is_err());
        assert!(serde_json::from_str::<Counted>(r#"{"pages": {"n": 3}}"#).is_err());
        // Forms carry text only; the same adapter reads them.
        let form: Counted = serde_urlencoded::from_str("pages=3&price=1.5").unwrap();
        assert_eq!(form.pages, "3");
    }

    #[test]
    fn null_text_and_lists_read_as_empty_where_declared() {
        let null: Counted =
            serde_json::from_str(r#"{"pages": "1", "price": null, "unit": null, "tags": null}"#)
                .unwrap();
        assert_eq!(null.unit, "");
        assert!(null.tags.is_empty());
        assert_eq!(null.price, None);
        // Where no default is declared, null is still refused.
        assert!(serde_json::from_str::<Counted>(r#"{"pages": null}"#).is_err());
    }

    #[test]
    fn date_times_with_and_without_fractional_seconds() {
        let whole: Priced = serde_json::from_str(r#"{"at": "2015-07-30T20:00:00Z"}"#).unwrap();
        let fraction: Priced =
            serde_json::from_str(r#"{"at": "2015-07-30T20:00:00.250Z"}"#).unwrap();
        assert_eq!(whole.at.unwrap().unix_timestamp(), 1438286400);
        assert_eq!(fraction.at.unwrap().millisecond(), 250);
        let no_offset: Priced = serde_json::from_str(r#"{"at": "2015-07-30T20:00:00"}"#).unwrap();
        assert_eq!(no_offset.at, whole.at);
        let offset: Priced =
            serde_json::from_str(r#"{"at": "2015-07-30T22:00:00+02:00"}"#).unwrap();
        assert_eq!(offset.at, whole.at);
        assert!(serde_json::from_str::<Priced>(r#"{"at": "yesterday"}"#).is_err());
        let written = serde_json::to_string(&whole).unwrap();
        assert_eq!(written, r#"{"price":null,"at":"2015-07-30T20:00:00Z"}"#);
        let null: Priced = serde_json::from_str(r#"{"at": null, "price": null}"#).unwrap();
        assert_eq!(
            null,
            Priced {
                price: None,
                at: None
            }
        );
    }

    /// The fields of [`Priced`] and [`Counted`] and more, named through the
    /// `Lenient` modules generated code uses.
    #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
    struct Named {
        #[serde(with = "lenient", default, skip_serializing_if = "Option::is_none")]
        price: Option<f64>,
        #[serde(with = "lenient", default)]
        at: Option<time::OffsetDateTime>,
        #[serde(with = "lenient_or_empty")]
        pages: String,
        #[serde(with = "lenient_or_empty", default)]
        tags: Vec<String>,
        #[serde(with = "lenient", default)]
        counts: Option<std::collections::BTreeMap<String, Vec<i32>>>,
        #[serde(with = "or_empty", default)]
        flags: Vec<bool>,
    }

    /// The same fields through the `serde_with` adapters spelled out, as
    /// generated code named them before the `Lenient` modules.
    #[derive(Debug, Deserialize, serde::Serialize, PartialEq)]
    struct Spelled {
        #[serde(
            with = "As::<Option<LenientNumber>>",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        price: Option<f64>,
        #[serde(with = "As::<Option<DateTime>>", default)]
        at: Option<time::OffsetDateTime>,
        #[serde(with = "As::<DefaultOnNull<LenientString>>")]
        pages: String,
        #[serde(with = "As::<DefaultOnNull<Vec<LenientString>>>", default)]
        tags: Vec<String>,
        #[serde(
            with = "As::<Option<std::collections::BTreeMap<Same, Vec<LenientNumber>>>>",
            default
        )]
        counts: Option<std::collections::BTreeMap<String, Vec<i32>>>,
        #[serde(with = "As::<DefaultOnNull>", default)]
        flags: Vec<bool>,
    }

    #[test]
    fn the_lenient_modules_read_and_write_as_the_adapters_they_name() {
        let inputs = [
            r#"{"pages": "3"}"#,
            r#"{"pages": 3, "price": "-0.0070", "tags": [1, "a"], "flags": null}"#,
            r#"{"pages": null, "tags": null, "at": "2015-07-30T20:00:00"}"#,
            r#"{"pages": "1", "at": "2015-07-30T22:00:00+02:00", "price": -0.5}"#,
            r#"{"pages": "1", "counts": {"a": [1, "2"], "b": []}, "flags": [true]}"#,
            r#"{"pages": "1", "counts": null, "at": null, "price": null}"#,
            r#"{"pages": true}"#,
            r#"{"pages": "1", "price": "cheap"}"#,
            r#"{"pages": "1", "at": "yesterday"}"#,
            r#"{"pages": "1", "counts": {"a": ["x"]}}"#,
            r#"{"pages": "1", "flags": [1]}"#,
            r#"{"price": 1}"#,
        ];
        for input in inputs {
            let named = serde_json::from_str::<Named>(input);
            let spelled = serde_json::from_str::<Spelled>(input);
            assert_eq!(named.is_ok(), spelled.is_ok(), "{input}");
            let (Ok(named), Ok(spelled)) = (named, spelled) else {
                continue;
            };
            let written = serde_json::to_string(&named).unwrap();
            assert_eq!(written, serde_json::to_string(&spelled).unwrap(), "{input}");
            assert_eq!(
                serde_json::from_str::<Spelled>(&written).unwrap(),
                spelled,
                "{input}"
            );
        }
        let read: Named =
            serde_json::from_str(r#"{"pages": 3, "counts": {"a": [1, "2"]}}"#).unwrap();
        assert_eq!(read.pages, "3");
        assert_eq!(read.counts.unwrap()["a"], [1, 2]);
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    enum Status {
        Queued,
        NoAnswer,
        Other(String),
    }

    impl Status {
        const WIRE: &[(Self, &str)] = &[(Self::Queued, "queued"), (Self::NoAnswer, "no-answer")];
    }

    crate::wire_enum_impls!(Status, Other);

    #[test]
    fn enums_read_and_write_their_wire_table_and_keep_what_they_do_not_know() {
        assert_eq!(Status::from("no-answer"), Status::NoAnswer);
        assert_eq!(Status::NoAnswer.as_str(), "no-answer");
        assert_eq!(Status::Queued.to_string(), "queued");
        let unknown = Status::from("media.processed");
        assert_eq!(unknown, Status::Other("media.processed".into()));
        assert_eq!(unknown.as_str(), "media.processed");
        let read: Vec<Status> =
            serde_json::from_str(r#"["queued", "later", "no-answer"]"#).unwrap();
        assert_eq!(
            read,
            [
                Status::Queued,
                Status::Other("later".into()),
                Status::NoAnswer
            ]
        );
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"["queued","later","no-answer"]"#
        );
        // Only strings are enum values.
        assert!(serde_json::from_str::<Status>("1").is_err());
    }
}
