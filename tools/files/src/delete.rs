//! `delete_file`, the one tool here that changes anything, so it asks the
//! user first.
//!
//! A component keeps nothing between requests, so asking is two rounds.
//! Round one checks the file and returns [`InputRequired`]: a yes/no form
//! naming the path and size, and as state what the user was shown. The
//! host asks the client, then runs the tool again, in a fresh instance,
//! with the answer and that state (sealed by the host: the client can
//! neither read nor change it). Round two deletes only what the user
//! confirmed: the same path, still the same size.

use std::fs;
use std::io;

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::{
    BooleanField, Context, ElicitAction, ElicitationSchema, InputRequired, Outcome, ToolError,
};

use crate::access::{failure, read_only_folder};

/// The key the question is asked under, and the form's one field.
const QUESTION: &str = "confirm";
const FIELD: &str = "confirm";

#[derive(Deserialize, JsonSchema)]
pub struct DeleteArgs {
    /// The file to delete, as an absolute path inside a folder granted
    /// read-write (for example `/scratch/old.log`). Folders are never
    /// deleted.
    path: String,
}

pub fn delete_file(args: DeleteArgs, cx: &mut Context) -> Result<Outcome<String>, ToolError> {
    let path = args.path;
    let Some(answer) = cx.elicited(QUESTION) else {
        let size = deletable(&path)?;
        return ask(&path, size, cx).map(Outcome::from);
    };
    // Round two. Anything short of a confirmed "yes" for this very file
    // ends here, without touching the disk.
    let kept = |why: String| Ok(format!("Nothing was deleted: {why}.").into());
    if !(answer.accepted() && answer.content[FIELD] == true) {
        return kept(match answer.action {
            ElicitAction::Decline => format!("the user declined to delete {path}"),
            ElicitAction::Cancel => "the user dismissed the question".to_string(),
            ElicitAction::Accept => format!("the user did not confirm deleting {path}"),
        });
    }
    let Some((confirmed_size, _)) = cx
        .state()
        .and_then(shown)
        .filter(|(_, shown_path)| *shown_path == path)
    else {
        return kept(format!("the confirmation was not for {path}"));
    };
    let size = deletable(&path)?;
    if size != confirmed_size {
        return kept(format!(
            "{path} changed since the user confirmed ({} then, {} now); ask again",
            bytes(confirmed_size),
            bytes(size)
        ));
    }
    fs::remove_file(&path).map_err(|e| refused(&path, &e))?;
    Ok(format!("Deleted {path} ({}).", bytes(size)).into())
}

/// Round one: the question, and what it showed as state.
fn ask(path: &str, size: u64, cx: &Context) -> Result<InputRequired, ToolError> {
    if !cx.client().elicitation {
        return Err(ToolError::other(format!(
            "cannot delete {path}: deleting needs the user's confirmation, and this client \
             cannot ask its user (it did not declare elicitation); nothing was deleted"
        )));
    }
    let form = ElicitationSchema::new()
        .boolean(
            FIELD,
            BooleanField::new()
                .title("Delete the file")
                .description(format!("Yes deletes {path} for good"))
                .default(false),
        )
        .required([FIELD]);
    let question = format!("Delete {path} ({})? This cannot be undone.", bytes(size));
    Ok(InputRequired::new()
        .elicit(QUESTION, question, form)
        .state(format!("{size} {path}")))
}

/// The size of the file at `path`, if it is a file this tool could delete.
/// Checked in both rounds, so the user is never asked about something that
/// cannot be deleted, and round two sees what is there now.
fn deletable(path: &str) -> Result<u64, ToolError> {
    // Not following a symlink: the link is what would be deleted.
    let metadata = fs::symlink_metadata(path).map_err(|e| failure("delete", path, &e))?;
    if metadata.is_dir() {
        return Err(ToolError::invalid_input(format!(
            "{path} is a folder; delete_file deletes files only"
        )));
    }
    if !metadata.is_file() {
        return Err(ToolError::invalid_input(format!(
            "{path} is not a regular file; delete_file deletes files only"
        )));
    }
    if let Some(folder) = read_only_folder(path) {
        return Err(ToolError::invalid_input(format!(
            "cannot delete {path}: {folder} is granted to this tool read-only; nothing was deleted"
        )));
    }
    Ok(metadata.len())
}

/// The state round one wrote: the size, a space, the path.
fn shown(state: &[u8]) -> Option<(u64, String)> {
    let state = std::str::from_utf8(state).ok()?;
    let (size, path) = state.split_once(' ')?;
    Some((size.parse().ok()?, path.to_owned()))
}

/// A failed deletion. A read-only grant shows up as "permission denied",
/// which is worth spelling out.
fn refused(path: &str, error: &io::Error) -> ToolError {
    if error.kind() == io::ErrorKind::PermissionDenied {
        return ToolError::invalid_input(format!(
            "cannot delete {path}: permission denied (its folder may be granted read-only); \
             nothing was deleted"
        ));
    }
    failure("delete", path, error)
}

fn bytes(n: u64) -> String {
    if n == 1 {
        "1 byte".into()
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::{Value, json};
    use toolhost_sdk::{ClientCapabilities, InputRequest};

    use super::*;

    /// A file of twelve bytes in a fresh folder, and the tool's arguments
    /// naming it.
    fn victim(test: &str) -> (std::path::PathBuf, String) {
        let file = crate::tests::scratch(test).join("old.log");
        fs::write(&file, "twelve bytes").unwrap();
        let args = json!({"path": file.to_str().unwrap()}).to_string();
        (file, args)
    }

    fn run(args: &str, cx: &mut Context) -> Result<Outcome, ToolError> {
        crate::tools().call_with("delete_file", args, cx)
    }

    /// Round one with a client that can answer; returns the state.
    fn first_round(file: &Path, args: &str) -> Vec<u8> {
        let mut cx = Context::new().with_client(ClientCapabilities::all());
        let asked = run(args, &mut cx).unwrap().input_required().unwrap();
        assert!(file.exists(), "round one deletes nothing");
        asked.state.unwrap()
    }

    fn second_round(args: &str, answer: Value, state: &[u8]) -> String {
        let mut cx = Context::new()
            .with_answer(QUESTION, answer)
            .with_state(state);
        let done = run(args, &mut cx).unwrap().done().unwrap();
        done.text_blocks().concat()
    }

    #[test]
    fn round_one_asks_with_the_path_and_size_and_keeps_them_in_the_state() {
        let (file, args) = victim("ask");
        let mut cx = Context::new().with_client(ClientCapabilities::all());
        let asked = run(&args, &mut cx).unwrap().input_required().unwrap();
        let path = file.to_str().unwrap();
        let [(key, InputRequest::Elicitation(params))] = &asked.requests[..] else {
            panic!("{asked:?}");
        };
        assert_eq!(key, QUESTION);
        assert_eq!(
            params["message"],
            format!("Delete {path} (12 bytes)? This cannot be undone.")
        );
        assert_eq!(
            params["requestedSchema"],
            json!({
                "type": "object",
                "properties": {"confirm": {
                    "type": "boolean",
                    "title": "Delete the file",
                    "description": format!("Yes deletes {path} for good"),
                    "default": false,
                }},
                "required": ["confirm"],
            })
        );
        assert_eq!(asked.state.unwrap(), format!("12 {path}").into_bytes());
        assert!(file.exists());
    }

    #[test]
    fn accepted_and_confirmed_deletes_the_file() {
        let (file, args) = victim("accept");
        let state = first_round(&file, &args);
        let said = second_round(
            &args,
            json!({"action": "accept", "content": {"confirm": true}}),
            &state,
        );
        assert_eq!(said, format!("Deleted {} (12 bytes).", file.display()));
        assert!(!file.exists());
    }

    #[test]
    fn anything_but_a_confirmed_accept_keeps_the_file() {
        let (file, args) = victim("keep");
        let state = first_round(&file, &args);
        let path = file.display();
        for (answer, why) in [
            (
                json!({"action": "decline"}),
                format!("the user declined to delete {path}"),
            ),
            (
                json!({"action": "cancel"}),
                "the user dismissed the question".to_string(),
            ),
            (
                json!({"action": "accept", "content": {"confirm": false}}),
                format!("the user did not confirm deleting {path}"),
            ),
            (
                json!({"action": "accept", "content": {"confirm": "yes"}}),
                format!("the user did not confirm deleting {path}"),
            ),
            (
                json!({"action": "accept"}),
                format!("the user did not confirm deleting {path}"),
            ),
        ] {
            let said = second_round(&args, answer.clone(), &state);
            assert_eq!(said, format!("Nothing was deleted: {why}."), "{answer}");
            assert!(file.exists(), "{answer}");
        }
        // A refusal is a refusal even when the file has gone since.
        fs::remove_file(&file).unwrap();
        let said = second_round(&args, json!({"action": "decline"}), &state);
        assert_eq!(
            said,
            format!("Nothing was deleted: the user declined to delete {path}.")
        );
    }

    #[test]
    fn a_confirmation_counts_only_for_the_file_the_user_was_shown() {
        let (file, args) = victim("state");
        let yes = json!({"action": "accept", "content": {"confirm": true}});
        let path = file.display();
        let other = format!("12 {}", file.with_file_name("other.log").display());
        let states: [&[u8]; 4] = [other.as_bytes(), b"12", b"not a size", &[0xff, b' ', b'/']];
        for state in states {
            let said = second_round(&args, yes.clone(), state);
            assert_eq!(
                said,
                format!("Nothing was deleted: the confirmation was not for {path}.")
            );
        }
        // No state at all is no confirmation either.
        let mut cx = Context::new().with_answer(QUESTION, yes.clone());
        let said = run(&args, &mut cx).unwrap().done().unwrap();
        assert_eq!(
            said.text_blocks(),
            [format!(
                "Nothing was deleted: the confirmation was not for {path}."
            )]
        );
        // A file that changed after the user saw it is asked about again.
        let state = first_round(&file, &args);
        fs::write(&file, "now thirty-one bytes long, see?").unwrap();
        let said = second_round(&args, yes, &state);
        assert_eq!(
            said,
            format!(
                "Nothing was deleted: {path} changed since the user confirmed \
                 (12 bytes then, 31 bytes now); ask again."
            )
        );
        assert!(file.exists());
    }

    #[test]
    fn nothing_is_asked_when_nothing_could_be_deleted() {
        let (file, args) = victim("refuse");
        let mut cx = Context::new();
        let error = run(&args, &mut cx).unwrap_err();
        assert!(
            error.message().contains("this client cannot ask its user"),
            "{error}"
        );
        assert!(file.exists());

        let all = ClientCapabilities::all();
        let folder = file.parent().unwrap().to_str().unwrap().to_owned();
        let error = run(
            &json!({"path": folder}).to_string(),
            &mut Context::new().with_client(all),
        )
        .unwrap_err();
        assert_eq!(
            error,
            ToolError::invalid_input(format!(
                "{folder} is a folder; delete_file deletes files only"
            ))
        );
        let missing = format!("{folder}/missing.txt");
        let error = run(
            &json!({"path": missing}).to_string(),
            &mut Context::new().with_client(all),
        )
        .unwrap_err();
        assert_eq!(
            error.message(),
            format!("cannot delete {missing}: entity not found")
        );
    }

    #[test]
    fn permission_denied_is_spelled_out() {
        let error = refused("/repo/x", &io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(error.message().contains("granted read-only"), "{error}");
        assert_eq!(bytes(1), "1 byte");
    }
}
