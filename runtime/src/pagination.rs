//! Walking every page of a list operation as one stream of items.
//!
//! Two schemes cover the fax APIs: a link to the next page in each response
//! (Twilio's `meta.next_page_url`, SignalWire's `next_page_uri`), and page
//! numbers up to a page count (Telnyx's `page[number]` and `meta.total_pages`).
//! Neither requests a page after the last one.
//!
//! Every stream ends, whatever the server answers: a link to a page already
//! fetched, a page number that does not advance, or more pages than
//! [`Limits::max_pages`](crate::Limits::max_pages) ends it with
//! [`Error::Pagination`], after the items of the pages before.

use crate::client::ApiClient;
use crate::error::{Error, PaginationError, PaginationStop};
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
    let start = Pager {
        next: Some(first),
        visited: std::collections::HashSet::new(),
        pages: 0,
    };
    let pages = stream::try_unfold(start, move |mut pager| {
        let split = split.clone();
        async move {
            let Some(request) = pager.next.take() else {
                return Ok(None);
            };
            let request = request?;
            // The link of the next page decides; the first request counts as visited too.
            if !pager.visited.insert(request.uri().to_string()) {
                let link = crate::redact::redact_userinfo(&request.uri().to_string()).into_owned();
                return Err(stop(
                    operation,
                    pager.pages,
                    PaginationStop::RepeatedLink { link },
                ));
            }
            check_page_limit(client, operation, pager.pages)?;
            let template = crate::client::copy_request(&request);
            let response = client.execute::<E>(operation, request).await?;
            pager.pages += 1;
            let (items, link) = split(parse(response)?);
            pager.next = link
                .filter(|l| !l.is_empty())
                .map(|link| follow(client, operation, &template, &link));
            Ok(Some((items, pager)))
        }
    });
    pages
        .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
}

/// Where a next-link stream stands.
struct Pager<E> {
    /// The request for the next page, if there is one.
    next: Option<Result<http::Request<Vec<u8>>, Error<E>>>,
    /// The URI of every page requested.
    visited: std::collections::HashSet<String>,
    /// How many pages were fetched.
    pages: u64,
}

/// The stream's end, as its error.
fn stop<E>(operation: &Operation, pages: u64, reason: PaginationStop) -> Error<E> {
    Error::Pagination(Box::new(PaginationError {
        operation: operation.id,
        pages,
        reason,
    }))
}

/// An error once `pages` pages were fetched and the client allows no more.
fn check_page_limit<E>(
    client: &ApiClient,
    operation: &Operation,
    pages: u64,
) -> Result<(), Error<E>> {
    let limit = client.limits().max_pages;
    if pages >= limit {
        return Err(stop(
            operation,
            pages,
            PaginationStop::TooManyPages { limit },
        ));
    }
    Ok(())
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
    let pages = stream::try_unfold((Some(first_page), 0u64), move |(next, pages)| {
        let shared = shared.clone();
        async move {
            let Some(number) = next else { return Ok(None) };
            check_page_limit(client, operation, pages)?;
            let (request_page, split) = &*shared;
            let response = client
                .execute::<E>(operation, request_page(number)?)
                .await?;
            let pages = pages + 1;
            let (items, position) = split(parse(response)?);
            // Without a page count, an empty page is the end; with one, the count is.
            let next = match position {
                // A page behind the one asked for would have the stream ask
                // for the same page again, forever.
                Some((current, _)) if current < number => {
                    return Err(stop(
                        operation,
                        pages,
                        PaginationStop::PageDidNotAdvance {
                            requested: number,
                            reported: current,
                        },
                    ))
                }
                Some((current, total)) if current < total => Some(current + 1),
                Some(_) => None,
                None if items.is_empty() => None,
                None => Some(number.saturating_add(1)),
            };
            Ok(Some((items, (next, pages))))
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
