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

#[cfg(test)]
mod tests {
    #[test]
    fn line_column_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(super::line_column(text, 0), (1, 1));
        assert_eq!(super::line_column(text, 6), (2, 1));
        assert_eq!(super::line_column(text, 9), (2, 4));
    }
}
