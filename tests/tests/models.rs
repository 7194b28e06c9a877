//! What users of generated models rely on, shown on the feature fixtures'
//! generated types (compiled into this crate by `build.rs`).

use fax_tests::fixtures::{
    enums, formats, names, objects, one_of_tagged, one_of_untagged, recursive,
};
use serde_json::json;

#[test]
fn absent_and_null_both_read_as_none_and_unknown_fields_are_accepted() {
    let fax: objects::Fax = serde_json::from_value(json!({
        "id": "FX1", "status": null, "note": null, "price": null, "brand_new_field": {"x": 1}
    }))
    .unwrap();
    assert_eq!(fax.id, "FX1");
    assert_eq!(
        (fax.status, fax.note, fax.pages, fax.price),
        (None, None, None, None)
    );
    // ...and kept, as sent.
    assert_eq!(
        fax.additional_properties["brand_new_field"],
        json!({"x": 1})
    );
}

#[test]
fn required_non_nullable_fields_are_required() {
    let err =
        serde_json::from_value::<objects::Fax>(json!({"status": null, "note": null})).unwrap_err();
    assert!(err.to_string().contains("missing field `id`"), "{err}");
}

#[test]
fn required_nullable_fields_are_written_as_null_and_optional_ones_left_out() {
    // A response model is `#[non_exhaustive]`: read it, then change its fields.
    let mut fax: objects::Fax =
        serde_json::from_value(json!({"id": "FX1", "status": null, "note": null})).unwrap();
    fax.pages = Some(3);
    assert_eq!(
        serde_json::to_value(&fax).unwrap(),
        json!({"id": "FX1", "status": null, "note": null, "pages": 3})
    );
}

#[test]
fn typed_additional_properties_collect_the_extra_keys() {
    let tags: objects::Tags = serde_json::from_value(json!({"name": "n", "a": 1, "b": 2})).unwrap();
    assert_eq!(tags.name.as_deref(), Some("n"));
    assert_eq!(
        tags.additional_properties.into_iter().collect::<Vec<_>>(),
        [("a".into(), 1), ("b".into(), 2)]
    );
}

#[test]
fn enums_keep_wire_names_and_unknown_values() {
    let values: Vec<enums::EventType> = serde_json::from_value(json!([
        "fax.media.processed",
        "no-answer",
        "1080p",
        "",
        "fax.new"
    ]))
    .unwrap();
    assert_eq!(
        values,
        [
            enums::EventType::FaxMediaProcessed,
            enums::EventType::NoAnswer,
            enums::EventType::V1080p,
            enums::EventType::Empty,
            enums::EventType::Unknown("fax.new".into()),
        ]
    );
    assert_eq!(
        serde_json::to_value(&values).unwrap(),
        json!(["fax.media.processed", "no-answer", "1080p", "", "fax.new"])
    );
    assert_eq!(enums::EventType::NoAnswer.to_string(), "no-answer");
    assert_eq!(enums::Verdict::from("unknown"), enums::Verdict::Unknown);
    assert_eq!(
        enums::Verdict::from("maybe"),
        enums::Verdict::UnknownValue("maybe".into())
    );
    assert!(serde_json::from_value::<enums::EventType>(json!(42)).is_err());
}

#[test]
fn date_times_and_lenient_numbers() {
    let parsed: formats::Formats = serde_json::from_value(json!({
        "when": "2024-03-01T10:00:00.5Z", "small": "7", "ratio": 0.25, "double": "-0.0070",
        "legacy_time": "not checked", "links": {"media": "https://example.com"}
    }))
    .unwrap();
    assert_eq!(parsed.when.unix_timestamp(), 1_709_287_200);
    assert_eq!(parsed.when.millisecond(), 500);
    assert_eq!(
        (parsed.small, parsed.ratio, parsed.double),
        (Some(7), Some(0.25), Some(-0.007))
    );
    let written = serde_json::to_value(&parsed).unwrap();
    assert_eq!(written["when"], "2024-03-01T10:00:00.5Z");
    assert_eq!(written["small"], 7);
    assert!(serde_json::from_value::<formats::Formats>(json!({"when": "soon"})).is_err());
}

#[test]
fn tagged_unions_pick_by_discriminator_and_keep_unknown_tags() {
    let events: Vec<one_of_tagged::Event> = serde_json::from_value(json!([
        {"event_type": "fax.queued", "position": 2},
        {"event_type": "fax.failed", "reason": "busy"},
        {"event_type": "fax.teleported", "where": "mars"}
    ]))
    .unwrap();
    match &events[0] {
        one_of_tagged::Event::FaxQueued(queued) => assert_eq!(queued.position, Some(2)),
        other => panic!("{other:?}"),
    }
    match &events[1] {
        one_of_tagged::Event::FaxFailed(failed) => assert_eq!(failed.reason, "busy"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        events[2],
        one_of_tagged::Event::Unknown(json!({"event_type": "fax.teleported", "where": "mars"}))
    );
    // The tag survives a round trip, because the variant types declare it.
    assert_eq!(
        serde_json::to_value(&events[1]).unwrap(),
        json!({"event_type": "fax.failed", "reason": "busy"})
    );
    // A known tag with a broken body is an error, not a silent fallback.
    assert!(
        serde_json::from_value::<one_of_tagged::Event>(json!({"event_type": "fax.failed"}))
            .is_err()
    );
    // Without a mapping the tag is the schema name.
    let pet: one_of_tagged::Pet =
        serde_json::from_value(json!({"kind": "Dog", "good": true})).unwrap();
    assert!(matches!(pet, one_of_tagged::Pet::Dog(dog) if dog.good == Some(true)));
}

#[test]
fn untagged_unions_are_told_apart_by_shape() {
    let by_id: one_of_untagged::IdOrFax = serde_json::from_value(json!("FX1")).unwrap();
    assert_eq!(by_id, one_of_untagged::IdOrFax::String("FX1".into()));
    let whole: one_of_untagged::IdOrFax = serde_json::from_value(json!({"id": "FX2"})).unwrap();
    assert!(matches!(whole, one_of_untagged::IdOrFax::Fax(fax) if fax.id == "FX2"));
    let amount: one_of_untagged::Amount = serde_json::from_value(json!(1.5)).unwrap();
    assert_eq!(amount, one_of_untagged::Amount::Number(1.5));
}

#[test]
fn recursive_types_nest() {
    let tree: recursive::Node = serde_json::from_value(json!({
        "name": "root",
        "parent": {"name": "up", "parent": {"name": "top"}},
        "children": [{"name": "a"}, {"name": "b", "children": [{"name": "c"}]}]
    }))
    .unwrap();
    assert_eq!(
        tree.parent
            .as_ref()
            .and_then(|p| p.parent.as_ref())
            .map(|p| p.name.as_str()),
        Some("top")
    );
    assert_eq!(tree.children.as_ref().map(Vec::len), Some(2));
    let expr: recursive::Expr =
        serde_json::from_value(json!({"left": 1, "right": {"left": 2, "right": 3}})).unwrap();
    let recursive::Expr::Sum(sum) = expr else {
        panic!("a sum")
    };
    assert_eq!(sum.left, recursive::Expr::Integer(1));
}

#[test]
fn keyword_and_odd_wire_names_round_trip() {
    let fax: names::Fax = serde_json::from_value(json!({
        "type": "t", "self": "s", "FaxSid": "a", "fax-sid": "b", "3d_secure": true, "page[size]": 5
    }))
    .unwrap();
    assert_eq!(fax.r#type.as_deref(), Some("t"));
    assert_eq!(fax.self_.as_deref(), Some("s"));
    assert_eq!(
        (fax.fax_sid.as_deref(), fax.fax_sid_2.as_deref()),
        (Some("a"), Some("b"))
    );
    assert_eq!((fax.field_3d_secure, fax.page_size), (Some(true), Some(5)));
    let back = serde_json::to_value(&fax).unwrap();
    assert_eq!(
        back,
        json!({"type": "t", "self": "s", "FaxSid": "a", "fax-sid": "b", "3d_secure": true, "page[size]": 5})
    );
}

#[test]
fn deep_references_share_one_type_and_merge_like_any_part() {
    use fax_tests::fixtures::{all_of, refs};
    let holder: refs::PartHolder = serde_json::from_value(json!({
        "first": {"id": "a"}, "second": {"id": "b"}, "owner_name": "n"
    }))
    .unwrap();
    let same_type: [&Option<refs::SharedAllOf0>; 2] = [&holder.first, &holder.second];
    assert_eq!(
        same_type[1].as_ref().and_then(|p| p.id.as_deref()),
        Some("b")
    );
    assert_eq!(holder.owner_name.as_deref(), Some("n"));
    let merged: refs::UsesPart = serde_json::from_value(json!({"id": "x", "more": true})).unwrap();
    assert_eq!((merged.id.as_deref(), merged.more), (Some("x"), Some(true)));
    let request: all_of::Request = serde_json::from_value(json!({"scope": null})).unwrap();
    assert_eq!(request.scope, None);
    let request: all_of::Request = serde_json::from_value(json!({"scope": "mine"})).unwrap();
    assert_eq!(request.scope, Some(all_of::Scope::Mine));
}
