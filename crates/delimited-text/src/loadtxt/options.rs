//! The option combinations NumPy refuses, refused in NumPy's order.

use super::*;

impl LoadTxt {
    /// Refuses the option combinations NumPy's loadtxt refuses, in its
    /// order: empty comment markers, quotes beside long or several
    /// markers, newlines as control characters, then control characters
    /// that collide (whitespace counts as the delimiter when none is set).
    // Long on purpose: NumPy's refusals in NumPy's order (the first one found
    // is the one reported): a list of checks that must stay in sequence.
    pub(super) fn check_options(&self) -> Result<()> {
        if let Some(descr) = &self.bad_descr {
            // Read again for the error itself.
            LoadTxt::new().set_descr(descr)?;
        }
        if self.ndmin > 2 {
            return Err(Error::option(format!(
                "Illegal value of ndmin keyword: {}",
                self.ndmin
            )));
        }
        if self.comments.iter().any(String::is_empty) {
            return Err(Error::option(
                "comments cannot be an empty string; give no comment markers to disable comments",
            ));
        }
        if let Some(d) = self.delimiter
            && self.comments.len() > 1
            && self.comments.iter().any(|c| c.chars().eq([d]))
        {
            return Err(Error::option(format!(
                "Comment characters {:?} cannot include the delimiter {d:?}",
                self.comments
            )));
        }
        if self.quotechar.is_some()
            && (self.comments.len() > 1 || self.comments.iter().any(|c| c.chars().count() > 1))
        {
            return Err(Error::option(
                "when multiple comments or a multi-character comment is given, quotes are not supported",
            ));
        }
        // The one-character comment marker NumPy's tokenizer sees; longer
        // or several markers are stripped from lines before it.
        let comment = match self.comments.as_slice() {
            [one] if one.chars().count() == 1 => one.chars().next(),
            _ => None,
        };
        let controls = [
            ("delimiter", self.delimiter),
            ("quotechar", self.quotechar),
            ("comment", comment),
        ];
        for (name, c) in controls {
            if matches!(c, Some('\n' | '\r')) {
                return Err(Error::option(format!(
                    "control character '{name}' cannot be a newline (`\\r` or `\\n`)"
                )));
            }
        }
        // NumPy's words and pairs: whitespace counts as the delimiter when
        // none is given.
        let clash = |a: &str, b: &str| {
            Err(Error::option(format!(
                "the values for control characters '{a}' and '{b}' are incompatible"
            )))
        };
        match self.delimiter {
            Some(d) => {
                if comment == Some(d) {
                    return clash("comment", "delimiter");
                }
                if self.quotechar == Some(d) {
                    return clash("quotechar", "delimiter");
                }
            }
            None => {
                if comment.is_some_and(is_space) {
                    return clash("delimiter", "comment");
                }
                if self.quotechar.is_some_and(is_space) {
                    return clash("delimiter", "quotechar");
                }
            }
        }
        if let (Some(q), Some(c)) = (self.quotechar, comment)
            && q == c
        {
            return clash("comment", "quotechar");
        }
        Ok(())
    }
}
