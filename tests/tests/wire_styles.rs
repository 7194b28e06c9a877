//! Every cell of OpenAPI's style-examples table (3.0.4 and 3.1.1: the
//! `color` parameter as the string `blue`, the empty string, the list
//! `blue, black, brown` and the object `R=100, G=200, B=150`), reproduced
//! byte for byte by generated request builders: the path, query string,
//! header and cookie each operation of `fixtures/clients/style_examples.yaml`
//! puts on the wire.

use fax_runtime::Credentials;
use fax_tests::clients::style_examples::{types, Client};

fn client() -> Client {
    Client::new(Credentials::none())
}

fn colors() -> types::Colors {
    vec!["blue".into(), "black".into(), "brown".into()]
}

fn rgb() -> types::Rgb {
    types::Rgb::new(100, 200, 150)
}

/// The text the `color` parameter became in `request`, by its location.
fn rendered(location: &str, request: &http::Request<Vec<u8>>) -> String {
    match location {
        "path" => {
            let path = request.uri().path();
            // The operation's path is its id with `/` for `_`, then the parameter.
            let (_, last) = path.rsplit_once('/').unwrap();
            last.to_owned()
        }
        "query" => request.uri().query().unwrap_or_default().to_owned(),
        "header" => request.headers()["color"].to_str().unwrap().to_owned(),
        "cookie" => request.headers()["cookie"].to_str().unwrap().to_owned(),
        other => panic!("no location {other}"),
    }
}

#[test]
fn every_cell_of_the_style_examples_table() {
    let cases = [
        (
            "path_matrix_flat_string",
            "path",
            client()
                .path_matrix_flat_string("")
                .to_http_request()
                .unwrap(),
            ";color",
        ),
        (
            "path_matrix_flat_string",
            "path",
            client()
                .path_matrix_flat_string("blue")
                .to_http_request()
                .unwrap(),
            ";color=blue",
        ),
        (
            "path_label_flat_string",
            "path",
            client()
                .path_label_flat_string("")
                .to_http_request()
                .unwrap(),
            ".",
        ),
        (
            "path_label_flat_string",
            "path",
            client()
                .path_label_flat_string("blue")
                .to_http_request()
                .unwrap(),
            ".blue",
        ),
        (
            "path_simple_flat_string",
            "path",
            client()
                .path_simple_flat_string("blue")
                .to_http_request()
                .unwrap(),
            "blue",
        ),
        (
            "path_simple_flat_array",
            "path",
            client()
                .path_simple_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "blue,black,brown",
        ),
        (
            "query_form_flat_string",
            "query",
            client()
                .query_form_flat_string("")
                .to_http_request()
                .unwrap(),
            "color=",
        ),
        (
            "query_form_flat_string",
            "query",
            client()
                .query_form_flat_string("blue")
                .to_http_request()
                .unwrap(),
            "color=blue",
        ),
        (
            "header_simple_flat_string",
            "header",
            client()
                .header_simple_flat_string("blue")
                .to_http_request()
                .unwrap(),
            "blue",
        ),
        (
            "header_simple_flat_array",
            "header",
            client()
                .header_simple_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "blue,black,brown",
        ),
        (
            "path_matrix_exploded_string",
            "path",
            client()
                .path_matrix_exploded_string("")
                .to_http_request()
                .unwrap(),
            ";color",
        ),
        (
            "path_matrix_exploded_string",
            "path",
            client()
                .path_matrix_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            ";color=blue",
        ),
        (
            "path_label_exploded_string",
            "path",
            client()
                .path_label_exploded_string("")
                .to_http_request()
                .unwrap(),
            ".",
        ),
        (
            "path_label_exploded_string",
            "path",
            client()
                .path_label_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            ".blue",
        ),
        (
            "path_simple_exploded_string",
            "path",
            client()
                .path_simple_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            "blue",
        ),
        (
            "path_simple_exploded_array",
            "path",
            client()
                .path_simple_exploded_array(colors())
                .to_http_request()
                .unwrap(),
            "blue,black,brown",
        ),
        (
            "query_form_exploded_string",
            "query",
            client()
                .query_form_exploded_string("")
                .to_http_request()
                .unwrap(),
            "color=",
        ),
        (
            "query_form_exploded_string",
            "query",
            client()
                .query_form_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            "color=blue",
        ),
        (
            "header_simple_exploded_string",
            "header",
            client()
                .header_simple_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            "blue",
        ),
        (
            "header_simple_exploded_array",
            "header",
            client()
                .header_simple_exploded_array(colors())
                .to_http_request()
                .unwrap(),
            "blue,black,brown",
        ),
        (
            "path_matrix_flat_array",
            "path",
            client()
                .path_matrix_flat_array(colors())
                .to_http_request()
                .unwrap(),
            ";color=blue,black,brown",
        ),
        (
            "path_matrix_exploded_array",
            "path",
            client()
                .path_matrix_exploded_array(colors())
                .to_http_request()
                .unwrap(),
            ";color=blue;color=black;color=brown",
        ),
        (
            "path_matrix_flat_object",
            "path",
            client()
                .path_matrix_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            ";color=R,100,G,200,B,150",
        ),
        (
            "path_matrix_exploded_object",
            "path",
            client()
                .path_matrix_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            ";R=100;G=200;B=150",
        ),
        (
            "path_label_flat_array",
            "path",
            client()
                .path_label_flat_array(colors())
                .to_http_request()
                .unwrap(),
            ".blue,black,brown",
        ),
        (
            "path_label_exploded_array",
            "path",
            client()
                .path_label_exploded_array(colors())
                .to_http_request()
                .unwrap(),
            ".blue.black.brown",
        ),
        (
            "path_label_flat_object",
            "path",
            client()
                .path_label_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            ".R,100,G,200,B,150",
        ),
        (
            "path_label_exploded_object",
            "path",
            client()
                .path_label_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            ".R=100.G=200.B=150",
        ),
        (
            "path_simple_flat_object",
            "path",
            client()
                .path_simple_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "R,100,G,200,B,150",
        ),
        (
            "path_simple_exploded_object",
            "path",
            client()
                .path_simple_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            "R=100,G=200,B=150",
        ),
        (
            "query_form_flat_array",
            "query",
            client()
                .query_form_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "color=blue,black,brown",
        ),
        (
            "query_form_exploded_array",
            "query",
            client()
                .query_form_exploded_array(colors())
                .to_http_request()
                .unwrap(),
            "color=blue&color=black&color=brown",
        ),
        (
            "query_form_flat_object",
            "query",
            client()
                .query_form_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "color=R,100,G,200,B,150",
        ),
        (
            "query_form_exploded_object",
            "query",
            client()
                .query_form_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            "R=100&G=200&B=150",
        ),
        (
            "query_space_delimited_flat_array",
            "query",
            client()
                .query_space_delimited_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "color=blue%20black%20brown",
        ),
        (
            "query_space_delimited_flat_object",
            "query",
            client()
                .query_space_delimited_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "color=R%20100%20G%20200%20B%20150",
        ),
        (
            "query_pipe_delimited_flat_array",
            "query",
            client()
                .query_pipe_delimited_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "color=blue%7Cblack%7Cbrown",
        ),
        (
            "query_pipe_delimited_flat_object",
            "query",
            client()
                .query_pipe_delimited_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "color=R%7C100%7CG%7C200%7CB%7C150",
        ),
        (
            "query_deep_object_exploded_object",
            "query",
            client()
                .query_deep_object_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
        ),
        (
            "header_simple_flat_object",
            "header",
            client()
                .header_simple_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "R,100,G,200,B,150",
        ),
        (
            "header_simple_exploded_object",
            "header",
            client()
                .header_simple_exploded_object(rgb())
                .to_http_request()
                .unwrap(),
            "R=100,G=200,B=150",
        ),
        (
            "cookie_form_flat_string",
            "cookie",
            client()
                .cookie_form_flat_string("blue")
                .to_http_request()
                .unwrap(),
            "color=blue",
        ),
        (
            "cookie_form_exploded_string",
            "cookie",
            client()
                .cookie_form_exploded_string("blue")
                .to_http_request()
                .unwrap(),
            "color=blue",
        ),
        (
            "cookie_form_flat_array",
            "cookie",
            client()
                .cookie_form_flat_array(colors())
                .to_http_request()
                .unwrap(),
            "color=blue,black,brown",
        ),
        (
            "cookie_form_flat_object",
            "cookie",
            client()
                .cookie_form_flat_object(rgb())
                .to_http_request()
                .unwrap(),
            "color=R,100,G,200,B,150",
        ),
    ];
    let mut wrong = Vec::new();
    for (operation, location, request, expected) in &cases {
        let got = rendered(location, request);
        if got != *expected {
            wrong.push(format!(
                "{operation}: sent `{got}`, the table says `{expected}`"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_path_parameter_cannot_be_emptied_or_climb_out_of_its_segment() {
    assert!(client()
        .path_simple_flat_string("")
        .to_http_request()
        .is_err());
    // URL parsers resolve `.` and `..` segments, even encoded, into another path.
    assert!(client()
        .path_simple_flat_string("..")
        .to_http_request()
        .is_err());
    assert!(client()
        .path_simple_flat_string(".")
        .to_http_request()
        .is_err());
    let client = client();
    let request = client.path_label_exploded_array(vec!["a/b".into(), "..".into()]);
    let request = request.to_http_request().unwrap();
    assert_eq!(
        request.uri().path(),
        "/path/label/exploded/array/.a%2Fb.%2E%2E"
    );
}

#[test]
fn values_are_percent_encoded_and_delimiters_are_not() {
    let request = client()
        .query_form_flat_array(vec!["a,b".into(), "c d".into(), "é&=".into()])
        .to_http_request()
        .unwrap();
    assert_eq!(
        request.uri().query(),
        Some("color=a%2Cb,c%20d,%C3%A9%26%3D")
    );
}

/// A form body's properties take the default style (`form`, exploded) or
/// the one the media type's `encoding` gives them.
#[test]
fn form_body_properties_follow_their_encoding() {
    let body =
        types::FormBodyStylesRequest::new("a b", rgb(), colors(), rgb(), colors()).exploded(rgb());
    let request = client().form_body_styles(body).to_http_request().unwrap();
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        "plain=a+b&R=100&G=200&B=150&listed=blue&listed=black&listed=brown\
         &pairs=R,100,G,200,B,150&piped=blue%7Cblack%7Cbrown&R=100&G=200&B=150"
    );
}

/// In a multipart body, a styled property's parts are its style's text;
/// an object without a style is one JSON part.
#[test]
fn multipart_body_properties_follow_their_encoding() {
    let body = types::MultipartBodyStylesRequest::new("a b", rgb(), colors(), rgb(), colors())
        .exploded(rgb());
    let request = client()
        .multipart_body_styles(body)
        .to_http_request()
        .unwrap();
    let text = String::from_utf8(request.body().clone()).unwrap();
    let part = |name: &str| -> Vec<String> {
        text.split("Content-Disposition: form-data; name=\"")
            .skip(1)
            .filter(|p| p.starts_with(&format!("{name}\"")))
            .map(|p| {
                p.split("\r\n\r\n")
                    .nth(1)
                    .unwrap()
                    .split("\r\n")
                    .next()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(part("plain"), ["a b"]);
    assert_eq!(part("spread"), [r#"{"R":100,"G":200,"B":150}"#]);
    assert_eq!(part("listed"), ["blue", "black", "brown"]);
    assert_eq!(part("pairs"), ["R,100,G,200,B,150"]);
    assert_eq!(part("piped"), ["blue|black|brown"]);
    // An explicit `form` style, exploded: each property a part of its own.
    assert_eq!(part("R"), ["100"]);
    assert_eq!(part("B"), ["150"]);
    assert!(part("exploded").is_empty());
}
