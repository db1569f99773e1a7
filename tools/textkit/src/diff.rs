use toolhost_sdk::{Json, Result, ToolError, schema, tool};

/// The quadratic longest-common-subsequence table is bounded so that one call
/// stays within a few tens of megabytes and well under a second.
const MAX_CELLS: usize = 4_000_000;

#[schema]
pub struct DiffArgs {
    /// The original text.
    old: String,
    /// The changed text.
    new: String,
    /// Unchanged lines to show around each change.
    #[serde(default = "default_context")]
    #[schemars(range(min = 0, max = 1000))]
    context: usize,
}

fn default_context() -> usize {
    3
}

#[schema]
#[derive(Debug, PartialEq)]
pub struct Diff {
    /// True when the texts have the same lines (line endings aside).
    identical: bool,
    /// Lines only in `new`.
    added: usize,
    /// Lines only in `old`.
    removed: usize,
    /// Lines in both.
    unchanged: usize,
    /// Unified diff hunks (`@@ -a,b +c,d @@`, then lines prefixed with ` `,
    /// `-` or `+`), without file headers; empty when identical.
    unified: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Same,
    Removed,
    Added,
}

/// Compares two texts line by line and returns a unified diff (like
/// `diff -u`) with counts of added, removed and unchanged lines. Use it to
/// show exactly what changed between two versions of a text or file.
#[tool(title = "Line diff", read_only, idempotent, open_world = false)]
pub fn line_diff(args: DiffArgs) -> Result<Json<Diff>> {
    let old: Vec<&str> = args.old.lines().collect();
    let new: Vec<&str> = args.new.lines().collect();
    let ops = edit_script(&old, &new)?;
    let count = |op| ops.iter().filter(|o| **o == op).count();
    let (added, removed) = (count(Op::Added), count(Op::Removed));
    Ok(Json(Diff {
        identical: added == 0 && removed == 0,
        added,
        removed,
        unchanged: count(Op::Same),
        unified: unified(&ops, &old, &new, args.context.min(1000)),
    }))
}

/// The shortest sequence of keep/remove/add steps turning `old` into `new`.
fn edit_script(old: &[&str], new: &[&str]) -> Result<Vec<Op>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let cells = (a.len() + 1).saturating_mul(b.len() + 1);
    if cells > MAX_CELLS {
        return Err(ToolError::invalid_input(format!(
            "the texts differ in too many lines to compare ({} x {} changed lines; at most \
             {MAX_CELLS} pairs)",
            a.len(),
            b.len()
        )));
    }
    // lcs[i * width + j] = length of the LCS of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; cells];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let mut ops = vec![Op::Same; prefix];
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same);
            (i, j) = (i + 1, j + 1);
        } else if i < a.len()
            && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
        {
            // Removals before additions, as `diff` prints them.
            ops.push(Op::Removed);
            i += 1;
        } else {
            ops.push(Op::Added);
            j += 1;
        }
    }
    ops.extend(std::iter::repeat_n(Op::Same, suffix));
    Ok(ops)
}

/// Renders `ops` as unified-diff hunks with `context` lines around changes.
fn unified(ops: &[Op], old: &[&str], new: &[&str], context: usize) -> String {
    // Line numbers in old and new before each step.
    let mut before = Vec::with_capacity(ops.len() + 1);
    let (mut o, mut n) = (0, 0);
    for op in ops {
        before.push((o, n));
        match op {
            Op::Same => (o, n) = (o + 1, n + 1),
            Op::Removed => o += 1,
            Op::Added => n += 1,
        }
    }
    before.push((o, n));

    let changes: Vec<usize> = (0..ops.len()).filter(|&k| ops[k] != Op::Same).collect();
    let mut out = String::new();
    let mut k = 0;
    while k < changes.len() {
        let start = changes[k].saturating_sub(context);
        let mut end = changes[k];
        while k + 1 < changes.len() && changes[k + 1] - end <= 2 * context + 1 {
            k += 1;
            end = changes[k];
        }
        let end = (end + 1 + context).min(ops.len());
        let ((o0, n0), (o1, n1)) = (before[start], before[end]);
        let range = |first: usize, len: usize| {
            // As in `diff -u`: an empty range names the line before it.
            let first = if len == 0 { first } else { first + 1 };
            format!("{first},{len}")
        };
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(o0, o1 - o0),
            range(n0, n1 - n0)
        ));
        for step in start..end {
            let (o, n) = before[step];
            let (mark, line) = match ops[step] {
                Op::Same => (' ', old[o]),
                Op::Removed => ('-', old[o]),
                Op::Added => ('+', new[n]),
            };
            out.push(mark);
            out.push_str(line);
            out.push('\n');
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(old: &str, new: &str, context: usize) -> Diff {
        line_diff(DiffArgs {
            old: old.into(),
            new: new.into(),
            context,
        })
        .unwrap()
        .0
    }

    #[test]
    fn identical_texts_have_no_hunks() {
        let d = diff("a\nb\n", "a\nb", 3);
        assert!(d.identical);
        assert_eq!((d.added, d.removed, d.unchanged), (0, 0, 2));
        assert_eq!(d.unified, "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let d = diff(old, new, 2);
        assert_eq!((d.added, d.removed, d.unchanged), (1, 1, 8));
        assert_eq!(d.unified, "@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n");
    }

    #[test]
    fn distant_changes_make_separate_hunks_and_near_ones_merge() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "A\nb\nc\nd\ne\nf\ng\nH\n";
        assert_eq!(
            diff(old, new, 1).unified,
            "@@ -1,2 +1,2 @@\n-a\n+A\n b\n@@ -7,2 +7,2 @@\n g\n-h\n+H\n"
        );
        assert_eq!(diff(old, new, 3).unified.matches("@@ -").count(), 1);
    }

    #[test]
    fn pure_insertions_and_deletions_name_the_line_before() {
        assert_eq!(diff("", "x\ny\n", 3).unified, "@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(diff("a\nb\n", "a\n", 0).unified, "@@ -2,1 +1,0 @@\n-b\n");
    }

    #[test]
    fn huge_rewrites_are_refused() {
        let old: String = (0..3000).map(|i| format!("o{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("n{i}\n")).collect();
        let error = line_diff(DiffArgs {
            old,
            new,
            context: 3,
        })
        .unwrap_err();
        assert!(matches!(error, ToolError::InvalidInput(_)));
    }

    /// Applies unified hunks to `old`, checking every context and removed line.
    fn apply(old: &[&str], unified: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut next = 0; // index of the next old line not yet copied
        for hunk in unified.split("@@ -").skip(1) {
            let (header, body) = hunk.split_once(" @@\n").unwrap();
            let (old_range, _) = header.split_once(" +").unwrap();
            let (first, len) = old_range.split_once(',').unwrap();
            let (first, len): (usize, usize) = (first.parse().unwrap(), len.parse().unwrap());
            let start = if len == 0 { first } else { first - 1 };
            out.extend(old[next..start].iter().map(|l| l.to_string()));
            next = start;
            for line in body.lines() {
                let (mark, text) = line.split_at(1);
                match mark {
                    "+" => out.push(text.to_string()),
                    _ => {
                        assert_eq!(old[next], text);
                        if mark == " " {
                            out.push(text.to_string());
                        }
                        next += 1;
                    }
                }
            }
        }
        out.extend(old[next..].iter().map(|l| l.to_string()));
        out
    }

    #[test]
    fn random_diffs_apply_back() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut random = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..300 {
            let mut text = || {
                (0..random(12))
                    .map(|_| ["a", "b", "c", "d"][random(4) as usize])
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let (old, new) = (text(), text());
            let context = random(4) as usize;
            let d = diff(&old, &new, context);
            let old_lines: Vec<&str> = old.lines().collect();
            let new_lines: Vec<&str> = new.lines().collect();
            assert_eq!(
                apply(&old_lines, &d.unified),
                new_lines,
                "{old:?} -> {new:?}"
            );
            assert_eq!(d.removed + d.unchanged, old_lines.len());
            assert_eq!(d.added + d.unchanged, new_lines.len());
        }
    }
}
