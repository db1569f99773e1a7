use std::collections::HashMap;

use toolhost_sdk::{Json, schema, tool};

#[schema]
pub struct StatsArgs {
    /// The text to measure.
    text: String,
    /// How many of the most frequent words to list.
    #[serde(default = "default_top")]
    #[schemars(range(min = 0, max = 100))]
    top: usize,
    /// Leave very common English words ("the", "and", ...) out of the most
    /// frequent words; they are still counted as words.
    #[serde(default = "yes")]
    skip_common_words: bool,
}

fn default_top() -> usize {
    5
}

fn yes() -> bool {
    true
}

#[schema]
#[derive(Debug, PartialEq)]
pub struct Stats {
    /// Unicode characters (scalar values), whitespace included.
    characters: usize,
    /// Whitespace-separated words, punctuation trimmed.
    words: usize,
    /// Lines; a final line break does not start another line.
    lines: usize,
    /// Runs of text ended by `.`, `!`, `?` or `…` followed by whitespace, or by
    /// the end of the text.
    sentences: usize,
    /// The most frequent words, lowercased, most frequent first (ties in
    /// alphabetical order).
    top_words: Vec<WordCount>,
}

#[schema]
#[derive(Debug, PartialEq)]
pub struct WordCount {
    word: String,
    count: usize,
}

/// Counts the characters, words, lines and sentences of a text and lists
/// its most frequent words. Use it instead of counting yourself: exact
/// counts are hard to estimate.
#[tool(title = "Text statistics", read_only, idempotent, open_world = false)]
pub fn text_stats(args: StatsArgs) -> Json<Stats> {
    let words: Vec<&str> = words(&args.text).collect();
    Json(Stats {
        characters: args.text.chars().count(),
        words: words.len(),
        lines: args.text.lines().count(),
        sentences: sentences(&args.text),
        top_words: top_words(&words, args.top.min(100), args.skip_common_words),
    })
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
}

fn sentences(text: &str) -> usize {
    let mut count = 0;
    let mut has_word = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            has_word = true;
        } else if matches!(c, '.' | '!' | '?' | '…')
            && chars.peek().is_none_or(|next| next.is_whitespace())
            && has_word
        {
            count += 1;
            has_word = false;
        }
    }
    count + usize::from(has_word)
}

fn top_words(words: &[&str], top: usize, skip_common_words: bool) -> Vec<WordCount> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for word in words {
        let word = word.to_lowercase();
        if !(skip_common_words && COMMON_WORDS.contains(&word.as_str())) {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut counts: Vec<WordCount> = counts
        .into_iter()
        .map(|(word, count)| WordCount { word, count })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    counts.truncate(top);
    counts
}

const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "it's", "just", "me", "more",
    "my", "no", "not", "of", "on", "one", "only", "or", "our", "out", "she", "so", "some", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "up",
    "us", "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you",
    "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(text: &str) -> Stats {
        text_stats(StatsArgs {
            text: text.into(),
            top: 5,
            skip_common_words: true,
        })
        .0
    }

    #[test]
    fn counts_a_small_text() {
        let s = stats("The cat sat. The cat ran!\nWhere is the cat? Gone…\n");
        assert_eq!(s.characters, 50);
        assert_eq!(s.words, 11);
        assert_eq!(s.lines, 2);
        assert_eq!(s.sentences, 4);
        assert_eq!(
            s.top_words,
            [
                ("cat", 3),
                ("gone", 1),
                ("ran", 1),
                ("sat", 1),
                ("where", 1)
            ]
            .map(|(word, count)| WordCount {
                word: word.into(),
                count
            })
        );
    }

    #[test]
    fn empty_text_is_all_zero() {
        let s = stats("");
        assert_eq!((s.characters, s.words, s.lines, s.sentences), (0, 0, 0, 0));
        assert!(s.top_words.is_empty());
    }

    #[test]
    fn punctuation_inside_words_and_numbers_is_not_a_sentence_end() {
        let s = stats("Pi is 3.14, isn't it — roughly");
        assert_eq!(s.words, 6);
        assert_eq!(s.sentences, 1);
        assert_eq!(stats("... !!").sentences, 0);
    }

    #[test]
    fn common_words_can_be_kept() {
        let s = text_stats(StatsArgs {
            text: "the the the end".into(),
            top: 1,
            skip_common_words: false,
        })
        .0;
        assert_eq!(s.top_words[0].word, "the");
        assert_eq!(s.top_words.len(), 1);
    }
}
