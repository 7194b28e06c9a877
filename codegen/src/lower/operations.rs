//! Operations: their identity for the IR, and the inline schemas their
//! parameters, request bodies and responses use, which become named types.

use super::names::type_name;
use super::{local_ref, Lowerer};
use crate::diag::Pointer;
use crate::ir::Operation;
use openapiv3::{Parameter, ReferenceOr, RequestBody, Response, StatusCode};

pub(super) fn lower_operations(lowerer: &mut Lowerer<'_>) -> Vec<Operation> {
    let spec = lowerer.spec;
    let mut operations = Vec::new();
    for (path, item) in &spec.paths.paths {
        let path_pointer = Pointer::root().join("paths").join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                lowerer.error(&path_pointer.join("$ref"), format!("unsupported reference `{reference}`: path items must be written in place"));
                continue;
            }
        };
        for (index, parameter) in item.parameters.iter().enumerate() {
            let hint = format!("{}Parameter", type_name(path));
            lower_parameter(
                lowerer,
                parameter,
                &hint,
                &path_pointer.join("parameters").join(index.to_string()),
            );
        }
        for (method, operation) in item.iter() {
            let pointer = path_pointer.join(method);
            let id = operation
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method}_{path}"));
            let base = type_name(&id);
            for (index, parameter) in operation.parameters.iter().enumerate() {
                lower_parameter(
                    lowerer,
                    parameter,
                    &base,
                    &pointer.join("parameters").join(index.to_string()),
                );
            }
            if let Some(body) = &operation.request_body {
                lower_request_body(
                    lowerer,
                    body,
                    &format!("{base}Request"),
                    &pointer.join("requestBody"),
                );
            }
            let responses = &operation.responses;
            if let Some(default) = &responses.default {
                lower_response(
                    lowerer,
                    default,
                    &format!("{base}DefaultResponse"),
                    &pointer.join("responses").join("default"),
                );
            }
            for (status, response) in &responses.responses {
                let hint = match status {
                    StatusCode::Code(code) if (200..300).contains(code) => {
                        format!("{base}Response")
                    }
                    StatusCode::Code(code) => format!("{base}Response{code}"),
                    StatusCode::Range(range) => format!("{base}Response{range}XX"),
                };
                lower_response(
                    lowerer,
                    response,
                    &hint,
                    &pointer.join("responses").join(status.to_string()),
                );
            }
            operations.push(Operation {
                id,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: operation.summary.clone(),
            });
        }
    }
    operations
}

fn lower_parameter<'a>(
    lowerer: &mut Lowerer<'a>,
    parameter: &'a ReferenceOr<Parameter>,
    base: &str,
    pointer: &Pointer,
) {
    let spec = lowerer.spec;
    let (parameter, pointer) = match parameter {
        ReferenceOr::Item(parameter) => (parameter, pointer.clone()),
        ReferenceOr::Reference { reference } => {
            match resolve_component(
                reference,
                "parameters",
                spec.components.as_ref().map(|c| &c.parameters),
            ) {
                Ok((ReferenceOr::Item(parameter), at)) => (parameter, at),
                Ok((ReferenceOr::Reference { reference }, at)) => {
                    lowerer.error(&at.join("$ref"), format!("unsupported reference `{reference}`: a component parameter must be written in place"));
                    return;
                }
                Err(why) => {
                    lowerer.error(&pointer.join("$ref"), why);
                    return;
                }
            }
        }
    };
    let data = parameter.parameter_data_ref();
    let hint = format!("{base}{}", type_name(&data.name));
    match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(schema) => {
            lowerer.type_of(schema, &hint, &pointer.join("schema"));
        }
        openapiv3::ParameterSchemaOrContent::Content(content) => {
            for (media, media_type) in content {
                if let Some(schema) = &media_type.schema {
                    lowerer.type_of(
                        schema,
                        &hint,
                        &pointer.join("content").join(media).join("schema"),
                    );
                }
            }
        }
    }
}

fn lower_request_body<'a>(
    lowerer: &mut Lowerer<'a>,
    body: &'a ReferenceOr<RequestBody>,
    hint: &str,
    pointer: &Pointer,
) {
    let spec = lowerer.spec;
    let (body, pointer) = match body {
        ReferenceOr::Item(body) => (body, pointer.clone()),
        ReferenceOr::Reference { reference } => {
            match resolve_component(
                reference,
                "requestBodies",
                spec.components.as_ref().map(|c| &c.request_bodies),
            ) {
                Ok((ReferenceOr::Item(body), at)) => (body, at),
                Ok((ReferenceOr::Reference { reference }, at)) => {
                    lowerer.error(&at.join("$ref"), format!("unsupported reference `{reference}`: a component request body must be written in place"));
                    return;
                }
                Err(why) => {
                    lowerer.error(&pointer.join("$ref"), why);
                    return;
                }
            }
        }
    };
    for (media, media_type) in &body.content {
        if let Some(schema) = &media_type.schema {
            lowerer.type_of(
                schema,
                hint,
                &pointer.join("content").join(media).join("schema"),
            );
        }
    }
}

fn lower_response<'a>(
    lowerer: &mut Lowerer<'a>,
    response: &'a ReferenceOr<Response>,
    hint: &str,
    pointer: &Pointer,
) {
    let spec = lowerer.spec;
    let (response, pointer) = match response {
        ReferenceOr::Item(response) => (response, pointer.clone()),
        ReferenceOr::Reference { reference } => {
            match resolve_component(
                reference,
                "responses",
                spec.components.as_ref().map(|c| &c.responses),
            ) {
                Ok((ReferenceOr::Item(response), at)) => (response, at),
                Ok((ReferenceOr::Reference { reference }, at)) => {
                    lowerer.error(&at.join("$ref"), format!("unsupported reference `{reference}`: a component response must be written in place"));
                    return;
                }
                Err(why) => {
                    lowerer.error(&pointer.join("$ref"), why);
                    return;
                }
            }
        }
    };
    for (media, media_type) in &response.content {
        if let Some(schema) = &media_type.schema {
            lowerer.type_of(
                schema,
                hint,
                &pointer.join("content").join(media).join("schema"),
            );
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
        .map(|found| (found, Pointer::root().join("components").join(kind).join(&name)))
        .ok_or_else(|| format!("dangling reference `{reference}`: nothing named `{name}` in components.{kind}"))
}
