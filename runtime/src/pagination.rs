//! Walking every page of a list operation as one stream of items.
//!
//! Two schemes cover the fax APIs: a link to the next page in each response
//! (Twilio's `meta.next_page_url`, SignalWire's `next_page_uri`), and page
//! numbers up to a page count (Telnyx's `page[number]` and `meta.total_pages`).
//! Neither requests a page after the last one.

use crate::client::ApiClient;
use crate::error::Error;
use crate::operation::Operation;
use futures_util::stream::{self, Stream, TryStreamExt as _};

/// Parses one page's response.
pub type ParsePage<P, E> = fn(http::Response<Vec<u8>>) -> Result<P, Error<E>>;

/// Items of every page, following each page's link to the next.
///
/// `split` takes a page apart into its items and the next page's link. A link
/// is followed on the client's own base URL (its path and query are kept), so
/// a proxy or mock server configured as the base URL sees every page; absolute
/// and host-relative links both work.
pub fn by_next_link<'a, P, T, E, F>(
    client: &'a ApiClient,
    operation: &'a Operation,
    first: Result<http::Request<Vec<u8>>, Error<E>>,
    parse: ParsePage<P, E>,
    split: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    P: 'a,
    T: 'a,
    E: 'a,
    F: Fn(P) -> (Vec<T>, Option<String>) + 'a,
{
    let split = std::sync::Arc::new(split);
    let pages = stream::try_unfold(Some(first), move |next| {
        let split = split.clone();
        async move {
            let Some(request) = next else { return Ok(None) };
            let request = request?;
            let template = crate::client::copy_request(&request);
            let response = client.execute::<E>(operation, request).await?;
            let (items, link) = split(parse(response)?);
            let next = link
                .filter(|l| !l.is_empty())
                .map(|link| follow(client, operation, &template, &link));
            Ok(Some((items, next)))
        }
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// Items of every page, asking for page numbers from `first_page` until the
/// page a response calls the last. `request_page` builds the request for a
/// page number; `split` takes a page apart into its items and, if it says,
/// its own number and the number of pages.
pub fn by_page_number<'a, P, T, E, B, F>(
    client: &'a ApiClient,
    operation: &'a Operation,
    first_page: u64,
    request_page: B,
    parse: ParsePage<P, E>,
    split: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    P: 'a,
    T: 'a,
    E: 'a,
    B: Fn(u64) -> Result<http::Request<Vec<u8>>, Error<E>> + 'a,
    F: Fn(P) -> (Vec<T>, Option<(u64, u64)>) + 'a,
{
    let shared = std::sync::Arc::new((request_page, split));
    let pages = stream::try_unfold(Some(first_page), move |next| {
        let shared = shared.clone();
        async move {
            let Some(number) = next else { return Ok(None) };
            let (request_page, split) = &*shared;
            let response = client
                .execute::<E>(operation, request_page(number)?)
                .await?;
            let (items, position) = split(parse(response)?);
            // Without a page count, an empty page is the end; with one, the count is.
            let next = match position {
                Some((current, total)) if current < total => Some(current + 1),
                Some(_) => None,
                None if items.is_empty() => None,
                None => Some(number + 1),
            };
            Ok(Some((items, next)))
        }
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// The request for a next-page link: the first request's method and headers,
/// the link's path and query on the client's base URL.
fn follow<E>(
    client: &ApiClient,
    operation: &Operation,
    template: &http::Request<Vec<u8>>,
    link: &str,
) -> Result<http::Request<Vec<u8>>, Error<E>> {
    let base = url::Url::parse(client.base_url())
        .map_err(|e| Error::build(operation, format!("base URL {}: {e}", client.base_url())))?;
    let joined = base
        .join(link)
        .map_err(|e| Error::build(operation, format!("next page `{link}`: {e}")))?;
    let mut target = base.clone();
    target.set_path(joined.path());
    target.set_query(joined.query());
    let uri: http::Uri = target
        .as_str()
        .parse()
        .map_err(|e| Error::build(operation, format!("next page `{link}`: {e}")))?;
    let mut request = crate::client::copy_request(template);
    *request.uri_mut() = uri;
    Ok(request)
}
