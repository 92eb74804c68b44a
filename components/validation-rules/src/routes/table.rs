//! The route table: every endpoint of the API, its method, pattern, scope, body and query,
//! kept as data in `data/routes.txt`.

use super::schemas::{
    ANALYZE, APPEND_MESSAGE, BATCH, COMPLETE, CREATE_CONVERSATION, CREATE_KEY, EXECUTE, EXTRACT,
    ORCHESTRATE, ROTATE_KEY, TRANSITION,
};
use super::{Endpoint, QueryKind, QueryParam, Route};
use crate::chat::CHAT_COMPLETION;
use crate::keys::Scope;

pub(super) const NO_QUERY: &[QueryParam] = &[];

/// Every endpoint of API.md, in the order of `data/routes.txt`, compiled in by build.rs.
pub static ROUTES: &[Route] = include!(concat!(env!("OUT_DIR"), "/routes.rs"));
