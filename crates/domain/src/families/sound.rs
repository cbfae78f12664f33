//! Spelling-tolerant name matching: a sound key per name (stored and indexed, so search is an
//! index lookup) and an edit distance for ranking a small candidate set.
//!
//! The sound key is Soundex's letter groups with English spelling rules for the first letter
//! (C before a hard vowel is K, PH is F, silent K/G/W/P are dropped), so "Catherine" finds
//! "Kathryn". Like every phonetic key it both misses some pairs ("Niamh"/"Neve") and joins
//! some unrelated names; the edit distance and the date of birth rank what it finds.

use crate::person::name_key;

/// The sound key of one name: a letter and three digits, or empty for a name without letters.
pub fn sound_key(name: &str) -> String {
    let letters: Vec<char> = name_key(name)
        .chars()
        .filter(char::is_ascii_lowercase)
        .collect();
    let letters = english_start(&letters);
    let Some((&first, rest)) = letters.split_first() else {
        return String::new();
    };
    let mut key = String::with_capacity(4);
    key.push(first.to_ascii_uppercase());
    let mut previous = group(first);
    for &c in rest {
        if key.len() == 4 {
            break;
        }
        match group(c) {
            // H and W do not separate letters of the same group ("Ashcroft": S and C are one).
            Some('h') => {}
            Some('0') => previous = Some('0'),
            Some(digit) => {
                if previous != Some(digit) {
                    key.push(digit);
                }
                previous = Some(digit);
            }
            None => {}
        }
    }
    while key.len() < 4 {
        key.push('0');
    }
    key
}

/// Rewrites the start of a name as it sounds: "ph" → "f", "kn"/"gn"/"wr"/"ps"/"pn" lose their
/// silent letter, "c" is "s" before e/i/y and "k" otherwise, "x" is "s".
fn english_start(letters: &[char]) -> Vec<char> {
    let mut out: Vec<char> = letters.to_vec();
    match letters {
        ['p', 'h', rest @ ..] => {
            out = std::iter::once('f').chain(rest.iter().copied()).collect();
        }
        ['k' | 'g' | 'p', 'n', ..] | ['w', 'r', ..] | ['p', 's', ..] => {
            out = letters.iter().skip(1).copied().collect();
        }
        ['c', next, ..] => {
            let sound = if matches!(next, 'e' | 'i' | 'y') {
                's'
            } else {
                'k'
            };
            if let Some(first) = out.first_mut() {
                *first = sound;
            }
        }
        ['x', ..] => {
            if let Some(first) = out.first_mut() {
                *first = 's';
            }
        }
        _ => {}
    }
    out
}

/// Soundex's groups: a digit, '0' for vowels (which separate), 'h' for h and w (which do not).
fn group(c: char) -> Option<char> {
    Some(match c {
        'b' | 'f' | 'p' | 'v' => '1',
        'c' | 'g' | 'j' | 'k' | 'q' | 's' | 'x' | 'z' => '2',
        'd' | 't' => '3',
        'l' => '4',
        'm' | 'n' => '5',
        'r' => '6',
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' => '0',
        'h' | 'w' => 'h',
        _ => return None,
    })
}

/// Edits (insert, delete, substitute, swap two neighbours) between two names' keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = name_key(a).chars().collect();
    let b: Vec<char> = name_key(b).chars().collect();
    // Three rows of the optimal-string-alignment table, read with `get` so a slip in the
    // arithmetic can only give a wrong distance, never a panic.
    let cell = |row: &[usize], i: usize| row.get(i).copied().unwrap_or(usize::MAX / 2);
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(width);
        row.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (cell(&previous, j + 1) + 1)
                .min(cell(&row, j) + 1)
                .min(cell(&previous, j) + cost);
            if i > 0 && j > 0 && b.get(j - 1) == Some(&ca) && a.get(i - 1) == Some(&cb) {
                best = best.min(cell(&before, j - 1) + 1);
            }
            row.push(best);
        }
        before = std::mem::replace(&mut previous, row);
    }
    cell(&previous, b.len())
}

/// How alike two names are: the same, sounding alike or a slip of typing apart, or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likeness {
    Different,
    Similar,
    Same,
}

pub fn likeness(a: &str, b: &str) -> Likeness {
    let (ka, kb) = (name_key(a), name_key(b));
    if ka.is_empty() || kb.is_empty() {
        return Likeness::Different;
    }
    if ka == kb {
        return Likeness::Same;
    }
    let shorter = ka.len().min(kb.len());
    let allowed = if shorter <= 4 { 1 } else { 2 };
    if sound_key(a) == sound_key(b) || edit_distance(a, b) <= allowed {
        Likeness::Similar
    } else {
        Likeness::Different
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn names_that_sound_alike_share_a_key() {
        for (a, b) in [
            ("Smith", "Smyth"),
            ("Smith", "Schmidt"),
            ("Mohammed", "Muhammad"),
            ("Mohammed", "Mohamed"),
            ("Catherine", "Kathryn"),
            ("Catherine", "Katherine"),
            ("O'Neill", "ONeil"),
            ("Siobhan", "Shivaun"),
            ("Stephen", "Steven"),
            ("Philip", "Filip"),
            ("MacKenzie", "McKenzie"),
            ("Jon", "John"),
            ("Zoë", "Zoe"),
        ] {
            assert_eq!(sound_key(a), sound_key(b), "{a} / {b}");
        }
        assert_eq!(sound_key("Smith"), "S530");
        assert_eq!(sound_key("Catherine"), "K365");
        assert_eq!(sound_key("O'Neill"), "O540");
    }

    #[test]
    fn names_that_do_not_sound_alike_do_not_share_a_key() {
        for (a, b) in [
            ("Smith", "Jones"),
            ("Ellie", "Kerry"),
            ("Marsh", "Mitchell"),
        ] {
            assert_ne!(sound_key(a), sound_key(b), "{a} / {b}");
        }
        // An honest limit of a phonetic key: Irish spellings that sound alike but share no letters.
        assert_ne!(sound_key("Niamh"), sound_key("Neve"));
        assert_eq!(sound_key("--"), "");
    }

    #[test]
    fn edit_distance_counts_slips_of_typing() {
        assert_eq!(edit_distance("Marsh", "Marsh"), 0);
        assert_eq!(edit_distance("Marsh", "Mash"), 1);
        assert_eq!(edit_distance("Ellie", "Elile"), 1, "a swap is one edit");
        assert_eq!(edit_distance("Kerry", "Kery"), 1);
        assert_eq!(edit_distance("Niamh", "Neve"), 4);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn likeness_of_names() {
        assert_eq!(likeness("O'Neill", "oneill"), Likeness::Same);
        assert_eq!(likeness("Smyth", "Smith"), Likeness::Similar);
        assert_eq!(likeness("Jaden", "Jayden"), Likeness::Similar);
        assert_eq!(likeness("Ellie", "Kerry"), Likeness::Different);
        assert_eq!(likeness("Al", "Bo"), Likeness::Different);
    }
}
