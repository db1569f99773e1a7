//! The resources the suite reads: a text one, a binary one, one to
//! subscribe to, and the template `test://template/{id}/data`. A URI none
//! of them serves is "not found", which the host turns into the protocol's
//! error carrying the URI (SEP-2164).

use crate::PNG;
use crate::toolhost::tool::types::{
    ResourceBody, ResourceContents, ResourceDescriptor, ResourceTemplate,
};

const TEMPLATE: &str = "test://template/{id}/data";

/// The ids the template's `id` completes to.
const IDS: &[&str] = &["1", "2", "3", "42", "123"];

/// A listed resource: its URI, name, description, MIME type and body.
struct Static {
    uri: &'static str,
    name: &'static str,
    description: &'static str,
    mime_type: &'static str,
    body: fn() -> ResourceBody,
}

const STATIC: &[Static] = &[
    Static {
        uri: "test://static-text",
        name: "static-text",
        description: "A static text resource for testing",
        mime_type: "text/plain",
        body: || ResourceBody::Text("This is the content of the static text resource.".into()),
    },
    Static {
        uri: "test://static-binary",
        name: "static-binary",
        description: "A static binary resource (a 1x1 PNG) for testing",
        mime_type: "image/png",
        body: || ResourceBody::Blob(PNG.to_vec()),
    },
    Static {
        uri: "test://watched-resource",
        name: "watched-resource",
        description: "A text resource to subscribe to",
        mime_type: "text/plain",
        body: || ResourceBody::Text("Watched resource content".into()),
    },
];

pub(crate) fn listed() -> Vec<ResourceDescriptor> {
    STATIC
        .iter()
        .map(|resource| ResourceDescriptor {
            uri: resource.uri.into(),
            name: resource.name.into(),
            title: None,
            description: Some(resource.description.into()),
            mime_type: Some(resource.mime_type.into()),
            size: None,
            annotations: None,
        })
        .collect()
}

pub(crate) fn template() -> ResourceTemplate {
    ResourceTemplate {
        uri_template: TEMPLATE.into(),
        name: "template".into(),
        title: None,
        description: Some("JSON data for any id, to test parameter substitution".into()),
        mime_type: Some("application/json".into()),
        annotations: None,
    }
}

/// The contents at `uri`, or `None` when nothing here serves it.
pub(crate) fn read(uri: &str) -> Option<ResourceContents> {
    if let Some(resource) = STATIC.iter().find(|resource| resource.uri == uri) {
        return Some(ResourceContents {
            uri: uri.into(),
            mime_type: Some(resource.mime_type.into()),
            body: (resource.body)(),
        });
    }
    let id = uri
        .strip_prefix("test://template/")?
        .strip_suffix("/data")
        .filter(|id| !id.is_empty() && !id.contains('/'))?;
    Some(ResourceContents {
        uri: uri.into(),
        mime_type: Some("application/json".into()),
        body: ResourceBody::Text(template_data(id)),
    })
}

/// `{"id":…,"templateTest":true,"data":"Data for ID: …"}`, in the suite's
/// key order (a `serde_json` map would sort the keys).
fn template_data(id: &str) -> String {
    let quoted = |text: &str| serde_json::Value::from(text).to_string();
    format!(
        r#"{{"id":{},"templateTest":true,"data":{}}}"#,
        quoted(id),
        quoted(&format!("Data for ID: {id}"))
    )
}

/// What the template's variable `argument` may be; nothing for anything else.
pub(crate) fn candidates(template: &str, argument: &str) -> &'static [&'static str] {
    if template == TEMPLATE && argument == "id" {
        IDS
    } else {
        &[]
    }
}
