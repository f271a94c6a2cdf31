//! `validate_record`: any TXT record, recognised by its version tag.

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::syntax::tagvalue::Tag;

/// Locate the spans of tags and diagnostics (shared by every record report's `locate`).
pub(crate) fn locate_common(index: &LineIndex<'_>, tags: &mut [Tag], diags: &mut [Diagnostic]) {
    for t in tags {
        index.locate(&mut t.span);
        index.locate(&mut t.name_span);
        index.locate(&mut t.value_span);
    }
    for d in diags {
        if let Some(s) = &mut d.span {
            index.locate(s);
        }
    }
}
