//! Operations: parameters, request body, output, error type and pagination of
//! each, for its request builder. Inline schemas they use become named types.

use super::names::{
    field_name, type_name, NameSet, BUILDER_FIELDS, BUILDER_METHODS, CLIENT_METHODS,
    OPERATIONS_MODULE_NAMES,
};
use super::security::Security;
use super::{local_ref, Lowerer};
use crate::diag::Pointer;
use crate::ir::{
    BodyEncoding, FieldStyle, Operation, Output, Param, ParamLocation, ParamStyle, PathPart,
    RequestBody, TypeRef,
};
use heck::ToShoutySnakeCase;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Response,
    StatusCode,
};

pub(super) fn lower_operations(lowerer: &mut Lowerer<'_>) -> (Vec<Operation>, Security) {
    let spec = lowerer.spec;
    let mut operations = Vec::new();
    let mut fn_names = NameSet::default();
    let mut builder_names = NameSet::default();
    let mut static_names = NameSet::default();
    for reserved in CLIENT_METHODS {
        fn_names.reserve(reserved);
    }
    for reserved in OPERATIONS_MODULE_NAMES {
        builder_names.reserve(reserved);
    }
    let mut security = Security::new(lowerer, &mut static_names);
    let no_requirements = Vec::new();
    for (path, item) in &spec.paths.paths {
        let path_pointer = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lowerer.error(
                    &path_pointer.join("$ref"),
                    format!(
                        "unsupported reference `{reference}`: path items must be written in place"
                    ),
                );
                continue;
            }
        };
        for (method, operation) in item.iter() {
            let pointer = path_pointer.join(method);
            let id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method}_{path}"));
            let base = type_name(&id);
            // Path-level parameters apply unless the operation redefines them.
            let mut declared: Vec<(&ReferenceOr<Parameter>, Pointer)> = Vec::new();
            for (index, parameter) in operation.parameters.iter().enumerate() {
                declared.push((
                    parameter,
                    pointer.join("parameters").join(index.to_string()),
                ));
            }
            for (index, parameter) in item.parameters.iter().enumerate() {
                declared.push((
                    parameter,
                    path_pointer.join("parameters").join(index.to_string()),
                ));
            }
            let mut params: Vec<Param> = Vec::new();
            let mut seen: Vec<(String, ParamLocation)> = Vec::new();
            let mut param_names = NameSet::default();
            for reserved in BUILDER_METHODS {
                param_names.reserve(reserved);
            }
            for reserved in BUILDER_FIELDS {
                param_names.reserve(reserved);
            }
            let mut declared_at: Vec<Pointer> = Vec::new();
            for (parameter, at) in declared {
                if let Some(param) =
                    lower_parameter(lowerer, parameter, &base, &at, &mut param_names)
                {
                    let key = (param.wire_name.clone(), param.location);
                    if !seen.contains(&key) {
                        seen.push(key);
                        params.push(param);
                        declared_at.push(at);
                    }
                }
            }
            // Path-level parameters came last to lose ties; put them back in path order.
            // A fragment never reaches the server: some specs write one to
            // tell apart operations on one path (`/files/{id}#shared_link`).
            let template = path.split_once('#').map_or(path.as_str(), |(p, _)| p);
            let mut path_parts = split_path(template, &mut params, &mut param_names);
            drop_unused_path_params(lowerer, path, &mut params, &mut path_parts, &declared_at);
            let bodies = match &operation.request_body {
                Some(body) => {
                    lower_request_bodies(lowerer, body, &base, &pointer.join("requestBody"))
                }
                None => Vec::new(),
            };
            let (output, accept, error) =
                lower_responses(lowerer, &operation.responses, &base, &pointer);
            // An operation's own `security` (even `[]`) replaces the document's.
            let (requirements, security_at) = match &operation.security {
                Some(own) => (own, pointer.join("security")),
                None => (
                    spec.security.as_ref().unwrap_or(&no_requirements),
                    Pointer::root().join("security"),
                ),
            };
            let security_set =
                security.set_for(lowerer, requirements, &security_at, &mut static_names);
            let doc = operation.description.clone();
            let variants: Vec<Option<(RequestBody, &str)>> = if bodies.is_empty() {
                vec![None]
            } else {
                bodies.into_iter().map(Some).collect()
            };
            for (index, variant) in variants.into_iter().enumerate() {
                let (body, suffix) = match variant {
                    Some((body, suffix)) if index > 0 => (Some(body), suffix),
                    Some((body, _)) => (Some(body), ""),
                    None => (None, ""),
                };
                let fn_name =
                    fn_names.unique_snake(format!("{}{}", field_name(&id), suffix_snake(suffix)));
                let builder_name =
                    builder_names.unique_pascal(format!("{base}{}", type_name_or_empty(suffix)));
                let static_name = static_names.unique_shouty(fn_name.to_shouty_snake_case());
                operations.push(Operation {
                    id: id.clone(),
                    fn_name,
                    builder_name,
                    static_name,
                    method: method.to_ascii_uppercase(),
                    path: path.clone(),
                    path_parts: path_parts.clone(),
                    summary: operation.summary.clone(),
                    doc: doc.clone(),
                    deprecated: operation.deprecated,
                    params: params.clone(),
                    body,
                    output: output.clone(),
                    error: error.clone(),
                    pagination: None,
                    security: security_set,
                    accept: accept.clone(),
                });
            }
        }
    }
    (operations, security)
}

fn suffix_snake(suffix: &str) -> String {
    if suffix.is_empty() {
        String::new()
    } else {
        format!("_{suffix}")
    }
}

fn type_name_or_empty(suffix: &str) -> String {
    if suffix.is_empty() {
        String::new()
    } else {
        type_name(suffix)
    }
}

/// Splits `/v1/Faxes/{Sid}` into literal text and parameter references. A
/// placeholder the spec forgot to declare becomes a required string path
/// parameter of its own, since the request cannot be made without it.
fn split_path(path: &str, params: &mut Vec<Param>, names: &mut NameSet) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        let found = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == name);
        let index = found.unwrap_or_else(|| {
            params.push(Param {
                name: names.unique_snake(field_name(name)),
                wire_name: name.to_owned(),
                location: ParamLocation::Path,
                style: ParamStyle::Simple,
                explode: false,
                allow_reserved: false,
                required: true,
                ty: TypeRef::String,
                doc: Some(format!("The `{name}` segment of the path.")),
                deprecated: false,
            });
            params.len() - 1
        });
        parts.push(PathPart::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// A path parameter the template never names cannot be sent: it is left
/// out of the builder, with a warning at its declaration.
fn drop_unused_path_params(
    lowerer: &mut Lowerer<'_>,
    path: &str,
    params: &mut Vec<Param>,
    parts: &mut [PathPart],
    declared_at: &[Pointer],
) {
    let used = |index: usize| parts.contains(&PathPart::Param(index));
    let unused: Vec<usize> = (0..params.len())
        .filter(|&i| params[i].location == ParamLocation::Path && !used(i))
        .collect();
    for &index in unused.iter().rev() {
        if let Some(at) = declared_at.get(index) {
            lowerer.warn(
                at,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`; it is left out",
                    params[index].wire_name
                ),
            );
        }
        params.remove(index);
        for part in parts.iter_mut() {
            if let PathPart::Param(i) = part {
                if *i > index {
                    *i -= 1;
                }
            }
        }
    }
}

fn lower_parameter<'a>(
    lowerer: &mut Lowerer<'a>,
    parameter: &'a ReferenceOr<Parameter>,
    base: &str,
    pointer: &Pointer,
    names: &mut NameSet,
) -> Option<Param> {
    let spec = lowerer.spec;
    let (parameter, pointer) = match parameter {
        ReferenceOr::Item(parameter) => (parameter, pointer.clone()),
        ReferenceOr::Reference { reference } => component(
            lowerer,
            reference,
            "parameters",
            spec.components.as_ref().map(|c| &c.parameters),
            pointer,
        )?,
    };
    let data = parameter.parameter_data_ref();
    if matches!(parameter, Parameter::Header { .. })
        && ["accept", "content-type", "authorization"]
            .iter()
            .any(|ignored| data.name.eq_ignore_ascii_case(ignored))
    {
        lowerer.warn(
            &pointer,
            format!(
                "header parameter `{}` is left out: OpenAPI says a parameter definition of \
                 this header is ignored (the media types and security schemes decide it)",
                data.name
            ),
        );
        return None;
    }
    let hint = format!("{base}{}", type_name(&data.name));
    let lowered = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            lowerer.type_at(schema, &hint, &pointer.join("schema"))
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((
                media,
                MediaType {
                    schema: Some(schema),
                    ..
                },
            )) => lowerer.type_at(
                schema,
                &hint,
                &pointer.join("content").join(media).join("schema"),
            ),
            _ => super::schema::Lowered {
                ty: TypeRef::String,
                nullable: false,
            },
        },
    };
    let content_media = match &data.format {
        ParameterSchemaOrContent::Content(content) => content.keys().next().cloned(),
        ParameterSchemaOrContent::Schema(_) => None,
    };
    let (location, style, allow_reserved) = match parameter {
        Parameter::Path { style, .. } => (
            ParamLocation::Path,
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
            false,
        ),
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => (
            ParamLocation::Query,
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
            *allow_reserved,
        ),
        Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple, false),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form, false),
    };
    // OpenAPI's default: `form` explodes, every other style does not.
    let explode = data.explode.unwrap_or(style == ParamStyle::Form);
    let style = match &content_media {
        Some(media) => {
            if !matches!(encoding_of(media).0, BodyEncoding::Json(_)) {
                lowerer.approximate(
                    &pointer.join("content"),
                    format!(
                        "parameter `{}` is given as `{media}` content: only JSON content can be \
                         encoded exactly; the value is sent as its JSON text",
                        data.name
                    ),
                    format!("Sent as JSON text, although the spec gives it as `{media}`."),
                );
            }
            ParamStyle::Json
        }
        None => style,
    };
    let shape = super::param_shape::shape_of(lowerer, &lowered.ty);
    if let Some(problem) = super::param_shape::undefined(style, explode, location, shape) {
        lowerer.approximate(
            &pointer,
            format!("parameter `{}`: {problem}", data.name),
            format!(
                "How the spec asks to encode this parameter is undefined by OpenAPI: {problem}."
            ),
        );
    }
    Some(Param {
        name: names.unique_snake(field_name(&data.name)),
        wire_name: data.name.clone(),
        location,
        style,
        explode,
        allow_reserved,
        // Path parameters are always required, whatever the spec says.
        required: data.required || location == ParamLocation::Path,
        ty: lowered.ty,
        doc: data.description.clone(),
        deprecated: data.deprecated.unwrap_or(false),
    })
}

/// One request body per media type the builder can send, the first preferred;
/// the others become extra operations named with the returned suffix.
fn lower_request_bodies<'a>(
    lowerer: &mut Lowerer<'a>,
    body: &'a ReferenceOr<openapiv3::RequestBody>,
    base: &str,
    pointer: &Pointer,
) -> Vec<(RequestBody, &'static str)> {
    let spec = lowerer.spec;
    let (body, pointer) = match body {
        ReferenceOr::Item(body) => (body, pointer.clone()),
        ReferenceOr::Reference { reference } => {
            let Some(found) = component(
                lowerer,
                reference,
                "requestBodies",
                spec.components.as_ref().map(|c| &c.request_bodies),
                pointer,
            ) else {
                return Vec::new();
            };
            found
        }
    };
    let mut bodies = Vec::new();
    let mut used: Vec<&'static str> = Vec::new();
    let structured = |media: &String| {
        matches!(
            encoding_of(media).0,
            BodyEncoding::Json(_) | BodyEncoding::Form | BodyEncoding::Multipart
        )
    };
    let has_structured = body.content.keys().any(structured);
    for (media, media_type) in &body.content {
        let at = pointer.join("content").join(media).join("schema");
        let (encoding, suffix) = encoding_of(media);
        let mut ty = match &media_type.schema {
            Some(schema) => lowerer.type_at(schema, &format!("{base}Request"), &at).ty,
            None if matches!(encoding, BodyEncoding::Raw(_)) => TypeRef::Binary,
            None => TypeRef::Json,
        };
        let encoding = match encoding {
            // A multipart or form body must be an object to have fields.
            // Form fields need an object; a file or text is sent as it is.
            BodyEncoding::Multipart | BodyEncoding::Form
                if matches!(ty, TypeRef::Binary | TypeRef::String) =>
            {
                BodyEncoding::Raw(media.clone())
            }
            // A structured body in a media type the client cannot write
            // (XML, say): left out when the operation takes JSON or a form
            // too, else sent as the text the caller writes.
            BodyEncoding::Raw(content_type) if !matches!(ty, TypeRef::Binary | TypeRef::String) => {
                if has_structured {
                    lowerer.warn(
                        &pointer.join("content").join(media),
                        format!(
                            "a `{media}` body is not generated: the client cannot write this \
                             media type from a schema, and the operation takes another"
                        ),
                    );
                    continue;
                }
                lowerer.approximate(
                    &pointer.join("content").join(media),
                    format!(
                        "a `{media}` body cannot be written from its schema: the builder \
                         takes the body as text"
                    ),
                    format!("The body is `{media}` text the caller writes."),
                );
                ty = TypeRef::String;
                BodyEncoding::Raw(content_type)
            }
            other => other,
        };
        if used.contains(&suffix) {
            continue;
        }
        used.push(suffix);
        let field_styles = match encoding {
            BodyEncoding::Form => field_styles(&media_type.encoding, true),
            // A multipart part's default is its content type, not `form`:
            // every style the spec writes is kept.
            BodyEncoding::Multipart => field_styles(&media_type.encoding, false),
            _ => Vec::new(),
        };
        bodies.push((
            RequestBody {
                encoding,
                ty,
                required: body.required,
                doc: body.description.clone(),
                field_styles,
            },
            suffix,
        ));
    }
    bodies
}

/// The properties a form or multipart media type's `encoding` gives a
/// style, `explode` or `allowReserved` of their own (OpenAPI's defaults for
/// the rest: `form`, exploded).
fn field_styles(
    encoding: &indexmap::IndexMap<String, openapiv3::Encoding>,
    form_is_default: bool,
) -> Vec<FieldStyle> {
    encoding
        .iter()
        // Normalize writes out `style` and `explode` wherever one of the three is set.
        .filter(|(_, e)| e.style.is_some())
        .map(|(name, e)| {
            let style = match e.style {
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                Some(QueryStyle::Form) | None => ParamStyle::Form,
            };
            FieldStyle {
                wire_name: name.clone(),
                style,
                explode: e.explode,
                allow_reserved: e.allow_reserved,
            }
        })
        // The default (`form`, exploded) needs no mention.
        .filter(|f| {
            !(form_is_default && f.style == ParamStyle::Form && f.explode && !f.allow_reserved)
        })
        .collect()
}

pub(super) fn encoding_of(media: &str) -> (BodyEncoding, &'static str) {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        (
            BodyEncoding::Json(if essence == "*/*" {
                "application/json".into()
            } else {
                essence
            }),
            "json",
        )
    } else if essence == "application/x-www-form-urlencoded" {
        (BodyEncoding::Form, "form")
    } else if essence == "multipart/form-data" {
        (BodyEncoding::Multipart, "multipart")
    } else if essence.starts_with("text/") {
        (BodyEncoding::Raw(essence), "text")
    } else {
        (BodyEncoding::Raw(essence), "raw")
    }
}

/// The output of the first success response, and the error body type of the
/// first error response that has a JSON schema.
fn lower_responses<'a>(
    lowerer: &mut Lowerer<'a>,
    responses: &'a openapiv3::Responses,
    base: &str,
    pointer: &Pointer,
) -> (Output, Option<String>, Option<TypeRef>) {
    let mut output: Option<(Output, Option<String>)> = None;
    let mut error: Option<TypeRef> = None;
    let mut all: Vec<(String, Option<u16>, &'a ReferenceOr<Response>)> = responses
        .responses
        .iter()
        .map(|(status, response)| {
            let code = match status {
                StatusCode::Code(code) => Some(*code),
                StatusCode::Range(range) => Some(range * 100),
            };
            (status.to_string(), code, response)
        })
        .collect();
    if let Some(default) = &responses.default {
        all.push(("default".into(), None, default));
    }
    for (status, code, response) in all {
        let success = code.is_some_and(|c| (200..300).contains(&c));
        let hint = match code {
            _ if success => format!("{base}Response"),
            Some(_) => format!("{base}Response{status}"),
            None => format!("{base}DefaultResponse"),
        };
        let at = pointer.join("responses").join(&status);
        let lowered = lower_response(lowerer, response, &hint, &at);
        if success {
            if output.is_none() {
                output = Some(lowered.unwrap_or((Output::Empty, None)));
            }
        } else if error.is_none() {
            if let Some((Output::Json(ty), _)) = lowered {
                error = Some(ty);
            }
        }
    }
    let (output, accept) = output.unwrap_or((Output::Empty, None));
    (output, accept, error)
}

fn lower_response<'a>(
    lowerer: &mut Lowerer<'a>,
    response: &'a ReferenceOr<Response>,
    hint: &str,
    pointer: &Pointer,
) -> Option<(Output, Option<String>)> {
    let spec = lowerer.spec;
    let (content, pointer) = match response {
        ReferenceOr::Item(response) => (&response.content, pointer.clone()),
        // Some specs point a response at a request body by mistake; both hold
        // `content`, so the body's content is what the response carries.
        ReferenceOr::Reference { reference }
            if reference.starts_with("#/components/requestBodies/") =>
        {
            let (item, at) = component(
                lowerer,
                reference,
                "requestBodies",
                spec.components.as_ref().map(|c| &c.request_bodies),
                pointer,
            )?;
            (&item.content, at)
        }
        ReferenceOr::Reference { reference } => {
            let (item, at) = component(
                lowerer,
                reference,
                "responses",
                spec.components.as_ref().map(|c| &c.responses),
                pointer,
            )?;
            (&item.content, at)
        }
    };
    let mut output = None;
    // `*/*` stands for JSON only where the response names nothing else.
    let only_any = content.len() == 1;
    for (media, media_type) in content {
        let at = pointer.join("content").join(media).join("schema");
        let (encoding, _) = match encoding_of(media) {
            (BodyEncoding::Json(_), _) if media.trim() == "*/*" && !only_any => {
                (BodyEncoding::Raw(media.clone()), "raw")
            }
            other => other,
        };
        let lowered = media_type
            .schema
            .as_ref()
            .map(|schema| lowerer.type_at(schema, hint, &at));
        let this = match (encoding, lowered) {
            (BodyEncoding::Json(_), Some(lowered)) => Output::Json(if lowered.nullable {
                lowered.ty.optional()
            } else {
                lowered.ty
            }),
            (BodyEncoding::Json(_), None) => Output::Json(TypeRef::Json),
            (BodyEncoding::Raw(content_type), _) if content_type.starts_with("text/") => {
                Output::Text
            }
            _ => Output::Bytes,
        };
        // JSON wins when a response offers several media types.
        if output.is_none()
            || matches!(this, Output::Json(_)) && !matches!(output, Some(Output::Json(_)))
        {
            output = Some(this);
        }
    }
    // A response is asked for by its own media types, unless plain JSON,
    // the client's default, is among them.
    let plain_json = content.keys().any(|m| {
        m.split(';')
            .next()
            .is_some_and(|e| e.trim().eq_ignore_ascii_case("application/json"))
    });
    let accept = (output.is_some() && !plain_json)
        .then(|| content.keys().cloned().collect::<Vec<_>>().join(", "));
    Some((output.unwrap_or(Output::Empty), accept))
}

/// The item a component reference points at, where it stands, or `None`
/// after recording why it cannot be used.
fn component<'a, T>(
    lowerer: &mut Lowerer<'_>,
    reference: &str,
    kind: &str,
    components: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
    pointer: &Pointer,
) -> Option<(&'a T, Pointer)> {
    match resolve_component(reference, kind, components) {
        Ok((ReferenceOr::Item(item), at)) => Some((item, at)),
        Ok((ReferenceOr::Reference { reference }, at)) => {
            lowerer.error(
                &at.join("$ref"),
                format!("unsupported reference `{reference}`: components.{kind} entries must be written in place"),
            );
            None
        }
        Err(why) => {
            lowerer.error(&pointer.join("$ref"), why);
            None
        }
    }
}

/// Finds `#/components/KIND/NAME` among the given components.
fn resolve_component<'a, T>(
    reference: &str,
    kind: &str,
    components: Option<&'a indexmap::IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'a ReferenceOr<T>, Pointer), String> {
    let name = local_ref(reference, kind)?;
    components
        .and_then(|all| all.get(name.as_str()))
        .map(|found| {
            (
                found,
                Pointer::root().join("components").join(kind).join(&name),
            )
        })
        .ok_or_else(|| {
            format!("dangling reference `{reference}`: nothing named `{name}` in components.{kind}")
        })
}
