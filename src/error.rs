//! Errors from reading constellations and catalogs. Each names the file (or
//! preset), the line or field, and what was expected.

use std::fmt;

/// Where an input came from: a file path or a built-in preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(pub String);

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A constellation or catalog that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file cannot be read.
    #[error("{origin}: cannot read the file: {source}")]
    Io {
        /// The file.
        origin: Origin,
        /// The reason.
        source: std::io::Error,
    },
    /// A problem at a known line (and column, when known).
    #[error("{origin}:{line}{}: {message}", column.map(|c| format!(":{c}")).unwrap_or_default())]
    At {
        /// The file.
        origin: Origin,
        /// 1-based line.
        line: usize,
        /// 1-based column, when known.
        column: Option<usize>,
        /// What is wrong and what was expected.
        message: String,
    },
    /// A problem with the file as a whole.
    #[error("{origin}: {message}")]
    File {
        /// The file.
        origin: Origin,
        /// What is wrong and what was expected.
        message: String,
    },
    /// No preset of that name.
    #[error("there is no preset `{name}`; the presets are {available}")]
    UnknownPreset {
        /// The name asked for.
        name: String,
        /// The names there are, comma-separated.
        available: String,
    },
}

/// Parses TOML text, turning a syntax or type error into an error at its line and column.
pub fn parse_toml<T: serde::de::DeserializeOwned>(
    text: &str,
    origin: &Origin,
) -> Result<T, LoadError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e
            .span()
            .map_or((1, 1), |span| line_column(text, span.start));
        LoadError::At {
            origin: origin.clone(),
            line,
            column: Some(column),
            message: e.message().trim_end().to_owned(),
        }
    })
}

/// The 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.rfind('\n').map_or(offset, |nl| offset - nl - 1) + 1;
    (line, column)
}

/// The 1-based line and column of `key` in the `index`-th `[table]` or
/// `[[table]]` of TOML `text`, from the toml crate's spans: where the key is
/// written (under a header, in an inline table or as a dotted key); the
/// table's header if the key is not written there; (1, 1) if the table is
/// not there either (an empty text, a table left to its defaults).
pub fn toml_key_position(text: &str, table: &str, index: usize, key: &str) -> (usize, usize) {
    use toml::de::{DeTable, DeValue};
    let Ok(doc) = DeTable::parse(text) else {
        return (1, 1);
    };
    let found = doc
        .get_ref()
        .iter()
        .find(|(name, _)| name.get_ref() == table)
        .and_then(|(_, value)| match value.get_ref() {
            DeValue::Array(tables) => tables.get(index),
            DeValue::Table(_) if index == 0 => Some(value),
            _ => None,
        });
    let Some(found) = found else {
        return (1, 1);
    };
    let span = match found.get_ref() {
        DeValue::Table(fields) => fields
            .iter()
            .find(|(name, _)| name.get_ref() == key)
            .map_or(found.span(), |(name, _)| name.span()),
        _ => found.span(),
    };
    line_column(text, span.start)
}

#[cfg(test)]
mod tests {
    #[test]
    fn line_column_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(super::line_column(text, 0), (1, 1));
        assert_eq!(super::line_column(text, 6), (2, 1));
        assert_eq!(super::line_column(text, 9), (2, 4));
    }

    #[test]
    fn key_positions_come_from_the_spans() {
        use super::toml_key_position as at;
        let text = "epoch = \"2026-01-01T00:00:00Z\"\n[[shell]]\nname = \"a\"\nplanes = 1\n\n[[shell]]\nname = \"b\"\n  planes = 0\n[satellite]\nmass_kg = 5\n";
        assert_eq!(at(text, "shell", 0, "planes"), (4, 1));
        assert_eq!(at(text, "shell", 1, "planes"), (8, 3));
        // Not written: the table's header.
        assert_eq!(at(text, "shell", 1, "altitude_km"), (6, 1));
        assert_eq!(at(text, "satellite", 0, "mass_kg"), (10, 1));
        // No such table, no such index, no text.
        assert_eq!(at(text, "fleet", 0, "x"), (1, 1));
        assert_eq!(at(text, "shell", 2, "planes"), (1, 1));
        assert_eq!(at("", "shell", 0, "planes"), (1, 1));
    }

    #[test]
    fn key_positions_where_a_search_of_the_text_went_wrong() {
        use super::toml_key_position as at;
        // Inline tables, dotted keys and quoted keys have no `[table]` line
        // of their own, or no `key =` to find in it.
        let text = "name = \"x\"\nsatellite = { mass_kg = 5, cell_efficiency = 3.0 }\n";
        assert_eq!(at(text, "satellite", 0, "cell_efficiency"), (2, 28));
        let text = "name = \"x\"\nsatellite.cell_efficiency = 3.0\n";
        assert_eq!(at(text, "satellite", 0, "cell_efficiency"), (2, 11));
        let text = "[[shell]]\nname = \"a\"\n\"planes\" = 0\n";
        assert_eq!(at(text, "shell", 0, "planes"), (3, 1));
        // A `[` opening a line inside a multi-line array is not a header.
        let text = "[[shell]]\nname = \"a\"\nnotes = [\n[1, 2],\n]\nplanes = 0\n";
        assert_eq!(at(text, "shell", 0, "planes"), (6, 1));
    }
}
