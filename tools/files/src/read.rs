use std::fs::File;
use std::io::Read;

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::ToolError;

use crate::access::failure;

/// The most bytes read from one file. A tool's memory is small, and no
/// model reads more than this in one answer.
pub const MAX_READ_BYTES: u64 = 4 << 20;

#[derive(Deserialize, JsonSchema)]
pub struct ReadArgs {
    /// The file to read, as an absolute path inside a granted folder (for
    /// example `/data/notes.txt`).
    path: String,
    /// The most characters to return; a longer file is cut and ends with a
    /// line saying how much was shown.
    #[serde(default = "default_max_chars")]
    #[schemars(range(min = 1, max = 1_000_000))]
    max_chars: usize,
}

fn default_max_chars() -> usize {
    20_000
}

pub fn read_file(args: ReadArgs) -> Result<String, ToolError> {
    let path = args.path;
    let (bytes, size) =
        read_start(&path, MAX_READ_BYTES).map_err(|e| failure("read", &path, &e))?;
    if is_binary(&bytes) {
        return Err(ToolError::invalid_input(format!(
            "{path} is a binary file ({size} bytes); read_file returns text only"
        )));
    }
    let text = String::from_utf8_lossy(&bytes);
    let max_chars = args.max_chars.clamp(1, 1_000_000);
    let whole = bytes.len() as u64 == size;
    Ok(match text.char_indices().nth(max_chars) {
        Some((cut, _)) if whole => format!(
            "{}\n[truncated: {max_chars} of {} characters shown]",
            &text[..cut],
            text.chars().count()
        ),
        Some((cut, _)) => format!(
            "{}\n[truncated: {max_chars} characters shown of a {size}-byte file]",
            &text[..cut]
        ),
        None if whole => text.into_owned(),
        None => format!(
            "{text}\n[truncated: {} characters shown of a {size}-byte file]",
            text.chars().count()
        ),
    })
}

/// The first `limit` bytes of the file, and its full size.
pub fn read_start(path: &str, limit: u64) -> std::io::Result<(Vec<u8>, u64)> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(size.min(limit) as usize);
    file.take(limit).read_to_end(&mut bytes)?;
    // A file that grew since `metadata` is at least as long as what was read.
    let size = size.max(bytes.len() as u64);
    Ok((bytes, size))
}

/// Text files have no NUL bytes; nearly every binary format does, early.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|b| *b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &std::path::Path, max_chars: usize) -> Result<String, ToolError> {
        read_file(ReadArgs {
            path: path.to_string_lossy().into_owned(),
            max_chars,
        })
    }

    #[test]
    fn reads_and_cuts_text() {
        let dir = crate::tests::scratch("read");
        let file = dir.join("notes.txt");
        std::fs::write(&file, "héllo world").unwrap();
        assert_eq!(read(&file, 100).unwrap(), "héllo world");
        assert_eq!(
            read(&file, 5).unwrap(),
            "héllo\n[truncated: 5 of 11 characters shown]"
        );
    }

    #[test]
    fn binary_files_and_folders_are_refused() {
        let dir = crate::tests::scratch("binary");
        let file = dir.join("blob.bin");
        std::fs::write(&file, [1, 0, 2]).unwrap();
        let error = read(&file, 100).unwrap_err();
        assert!(matches!(error, ToolError::InvalidInput(_)), "{error:?}");
        assert!(
            error
                .message()
                .ends_with("is a binary file (3 bytes); read_file returns text only")
        );
        assert!(
            read(&dir, 100)
                .unwrap_err()
                .message()
                .starts_with("cannot read ")
        );
    }
}
