//! The API's `Client`: where requests go, how they authenticate, and one
//! method per operation that starts its request builder.

use super::docs::doc_attrs;
use super::ident;
use super::operations::{operation_docs, required_arguments};
use super::rust_type::{argument_type, TypePath};
use crate::ir::{Api, Auth, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `client` module of an API.
pub fn emit_client(api: &Api) -> super::RustFile {
    let docs = super::docs::inner_doc_attrs(&format!("The client of {}.", api.title));
    let auth = match api.auth {
        Auth::Basic => "It authenticates with HTTP basic credentials: [`Credentials::basic`].",
        Auth::Bearer => "It authenticates with a bearer token: [`Credentials::bearer`].",
        Auth::Other => "Give it the [`Credentials`] the API expects.",
    };
    let client_doc = doc_attrs(&format!(
        "A client for {}. {auth}\n\nCloning is cheap and clones share one connection pool. \
         Requests time out after 60 seconds and idempotent ones are retried on \
         429, 502, 503, 504 and connection failures; see [`RetryPolicy`].",
        api.title
    ));
    let constructor = constructor(api);
    let uses_types = api
        .operations
        .iter()
        .flat_map(required_arguments)
        .any(|(_, ty)| mentions_named(&ty) && !matches!(ty, TypeRef::String));
    let import_types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    let methods = api.operations.iter().map(|op| {
        let name = ident(&op.fn_name);
        let builder = format_ident!("{}", op.builder_name);
        let docs = doc_attrs(&operation_docs(op));
        let arguments = required_arguments(op);
        let parameters = arguments.iter().map(|(name, ty)| {
            let ty = argument_type(api, ty, TypePath::Types);
            quote!(#name: #ty)
        });
        let values = arguments.iter().map(|(name, _)| name);
        quote! {
            #docs
            pub fn #name(&self, #(#parameters),*) -> operations::#builder<'_> {
                operations::#builder::new(&self.api, #(#values),*)
            }
        }
    });
    super::RustFile::whole(quote! {
        #docs
        use super::operations;
        #import_types
        use fax_runtime::{ApiClient, Credentials, RetryPolicy};
        use std::time::Duration;

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            api: ApiClient,
        }

        impl Client {
            #constructor

            /// Sends requests to another base URL: a proxy, or a mock server in tests.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.api = self.api.with_base_url(base_url);
                self
            }

            /// Replaces the retry policy.
            pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
                self.api = self.api.with_retry(retry);
                self
            }

            /// Sets the timeout of each attempt (`None`: no timeout).
            pub fn with_timeout(mut self, timeout: Option<Duration>) -> Self {
                self.api = self.api.with_timeout(timeout);
                self
            }

            /// Sends requests through a `reqwest::Client` of your own, built with
            /// `redirect(Policy::none())` so that only safe redirects are followed.
            pub fn with_http_client(mut self, http: fax_runtime::reqwest::Client) -> Self {
                self.api = self.api.with_http_client(http);
                self
            }

            /// Sets the `User-Agent` header.
            pub fn with_user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.api = self.api.with_user_agent(user_agent);
                self
            }

            /// Replaces the bounds on response size, pages per stream and redirects.
            pub fn with_limits(mut self, limits: fax_runtime::Limits) -> Self {
                self.api = self.api.with_limits(limits);
                self
            }

            /// The runtime client underneath, shared by every request builder.
            pub fn api(&self) -> &ApiClient {
                &self.api
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.api.base_url()
            }

            #(#methods)*
        }
    })
}

/// `new`, with one argument per server variable, or a base URL when the spec names no server.
fn constructor(api: &Api) -> TokenStream {
    let url = &api.server.url;
    if url.is_empty() {
        return quote! {
            /// A client for the API at `base_url` (the spec names no server).
            pub fn new(base_url: impl Into<String>, credentials: Credentials) -> Self {
                let api = ApiClient::new(base_url, credentials);
                Self { api }
            }
        };
    }
    if api.server.variables.is_empty() {
        let doc = doc_attrs(&format!("A client for the API at `{url}`."));
        return quote! {
            /// The server requests go to unless [`Client::with_base_url`] says otherwise.
            pub const DEFAULT_BASE_URL: &'static str = #url;

            #doc
            pub fn new(credentials: Credentials) -> Self {
                let api = ApiClient::new(Self::DEFAULT_BASE_URL, credentials);
                Self { api }
            }
        };
    }
    let template = positional_template(api);
    let mut values = Vec::new();
    let mut parameters = Vec::new();
    let mut docs = format!("A client for the API at `{url}`.\n");
    for variable in &api.server.variables {
        let name = ident(&variable.name);
        values.push(quote!(fax_runtime::encode::url_part(#name)));
        parameters.push(quote!(#name: &str));
        let about = variable
            .doc
            .clone()
            .unwrap_or_else(|| "its value".to_owned());
        docs.push_str(&format!("\n- `{}`: {about}", variable.name));
    }
    let docs = doc_attrs(&docs);
    quote! {
        #docs
        pub fn new(#(#parameters,)* credentials: Credentials) -> Self {
            let base_url = format!(#template, #(#values),*);
            let api = ApiClient::new(base_url, credentials);
            Self { api }
        }
    }
}

/// The server URL as a `format!` string: literal braces doubled and each
/// `{variable}` replaced by its argument's position (`{0}`), so a variable
/// used twice is one argument; where each is used once, plain `{}` reads
/// better. `lower` has checked that every brace pairs up and names a variable.
fn positional_template(api: &Api) -> String {
    let uses = api.server.url.matches('{').count();
    let numbered = uses != api.server.variables.len();
    let mut template = String::new();
    let mut rest = api.server.url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        template.push_str(&rest[..open].replace('}', "}}"));
        let wire_name = &rest[open + 1..close];
        match api
            .server
            .variables
            .iter()
            .position(|v| v.wire_name == wire_name)
        {
            Some(index) if numbered => template.push_str(&format!("{{{index}}}")),
            Some(_) => template.push_str("{}"),
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    template
}

/// Whether a type names a generated type (and so needs `types` in scope).
fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Box(inner) => mentions_named(inner),
        _ => false,
    }
}
