//! `S` and `U` without a length: the text is read once to find the
//! longest value, as NumPy does, before the parse proper.

use super::*;

impl LoadTxt {
    /// `S`/`U` without a length, `M8` without a unit: every value is
    /// collected first, then the width is the longest value's, or the unit
    /// the finest that a date is written in (generic when all are NaT).
    // Long on purpose: one pass over the text with the same steps as the parse
    // proper (skip rows, tokenize, select columns, convert, measure): kept in
    // the parse's order so the two stay in step.
    pub(super) fn discover_strings(
        &self,
        tokenizer: &Tokenizer,
        text: &str,
        line: u64,
        kind: char,
    ) -> Result<NpyArray> {
        let mut cells: Vec<Vec<String>> = Vec::new();
        let records: Vec<(u64, Vec<String>)> = if self.quotechar.is_some() {
            tokenizer
                .quoted_records(text, line)?
                .into_iter()
                .map(|r| {
                    (
                        r.line,
                        r.fields.into_iter().map(|f| f.into_owned()).collect(),
                    )
                })
                .collect()
        } else {
            let mut out = Vec::new();
            let mut rest = text;
            let mut n = line;
            let mut fields = Vec::new();
            while !rest.is_empty() {
                let (l, _, after) = next_line(rest);
                rest = after;
                if tokenizer.split_line(l, &mut fields) {
                    out.push((n, fields.iter().map(|s| s.to_string()).collect()));
                }
                n += 1;
            }
            out
        };
        let mut width = 1usize;
        let mut unit = TimeUnit::Generic;
        let mut expected = None;
        for (ln, fields) in records
            .into_iter()
            .take(self.max_rows.unwrap_or(usize::MAX))
        {
            let used = select(&self.usecols, &fields, ln, &mut expected)?;
            let mut row = Vec::with_capacity(used.len());
            for (col, idx) in used {
                let text = apply_converters(&self.converters, col, fields.len(), &fields[idx])
                    .into_owned();
                let bad = |text, dtype: &str| ErrorKind::Convert {
                    line: ln,
                    column: idx + 1,
                    text,
                    dtype: dtype.into(),
                };
                if kind == 'S' && text.chars().any(|c| c as u32 > 0xff) {
                    return Err(bad(text, "bytes").into());
                }
                if kind == 'M' {
                    match crate::engine::datetime::text_unit(&text) {
                        Some(Some(u)) => unit = crate::engine::datetime::finer(unit, u),
                        Some(None) => {}
                        None => return Err(bad(text, "datetime64").into()),
                    }
                }
                width = width.max(text.chars().count());
                row.push(text);
            }
            cells.push(row);
        }
        let scalar_kind = match kind {
            'S' => ScalarKind::Bytes(width),
            'M' => ScalarKind::DateTime(unit, 1),
            _ => ScalarKind::Unicode(width),
        };
        let mut fixed = self.clone();
        fixed.dtype(DType::scalar(scalar_kind));
        // Discovered: a generic unit now means only NaT.
        fixed.discover = None;
        let joined: String = cells
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect::<Vec<_>>()
            .join("\n");
        fixed
            .delimiter(Some(','))
            .quotechar(Some('"'))
            .comments::<&str>(&[])
            .skiprows(0);
        fixed.usecols = None;
        fixed.max_rows = None;
        fixed.converters.clear();
        fixed.from_str(&joined)
    }
}
