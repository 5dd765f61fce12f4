//! Writing the user's files so that a crash, a full disk or an error half
//! way never leaves a truncated file: the bytes go to a temporary file in
//! the same folder, are flushed to the disk, and only then take the name
//! (a rename within a folder is atomic on the file systems we run on).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The temporary name beside `path`: hidden, and unique to this process.
fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes what `fill` writes to `path` atomically: either the whole new
/// file is there afterwards, or the old one (or none) is, untouched.
/// `replace`: false refuses an existing `path` (`AlreadyExists`), with no
/// window in which another writer could slip in between check and write.
pub fn write_with(
    path: &Path,
    replace: bool,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let temporary = temporary_beside(path);
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        fill(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        if replace {
            std::fs::rename(&temporary, path)
        } else {
            // A hard link fails when the name exists: create-new, atomically.
            std::fs::hard_link(&temporary, path)
        }
    })();
    // The temporary is gone whatever happened (after a link, it is a second name).
    let _ = std::fs::remove_file(&temporary);
    result
}

/// Writes `contents` to `path` atomically, replacing an existing file.
pub fn replace_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_with(path, true, |f| f.write_all(contents))
}

/// Writes `contents` to a new file at `path` atomically; an existing file
/// is refused (`AlreadyExists`) and left as it is.
pub fn create_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_with(path, false, |f| f.write_all(contents))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("mc-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("temp dir");
        d
    }

    #[test]
    fn an_interrupted_save_leaves_the_old_file_intact() {
        let d = dir("interrupted");
        let path = d.join("constellation.toml");
        std::fs::write(&path, "name = \"old\"\n").expect("old file");
        // Half the new file written, then the disk is full.
        let result = write_with(&path, true, |f| {
            f.write_all(b"name = \"ne")?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        });
        assert_eq!(
            result.expect_err("the failure comes back").kind(),
            std::io::ErrorKind::StorageFull
        );
        assert_eq!(
            std::fs::read_to_string(&path).expect("old file"),
            "name = \"old\"\n"
        );
        let left: Vec<_> = std::fs::read_dir(&d).expect("dir").collect();
        assert_eq!(left.len(), 1, "no temporary left behind");
        // A whole save replaces it.
        replace_atomically(&path, b"name = \"new\"\n").expect("saved");
        assert_eq!(
            std::fs::read_to_string(&path).expect("new file"),
            "name = \"new\"\n"
        );
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn create_refuses_an_existing_file() {
        let d = dir("create");
        let path = d.join("odc-1m.toml");
        create_atomically(&path, b"first").expect("created");
        let e = create_atomically(&path, b"second").expect_err("exists");
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&path).expect("file"), b"first");
        assert_eq!(std::fs::read_dir(&d).expect("dir").count(), 1);
        std::fs::remove_dir_all(&d).ok();
    }
}
