//! No module of `src/` depends, through others, on a module that depends on
//! it: the library's modules form no import cycle.
//!
//! A module is a file (`src/a/b.rs` is `crate::a::b`, `src/a/mod.rs` is
//! `crate::a`). Module A uses module B when A's code (not its comments or
//! strings) names a path into B: `use crate::a::b::X`, `super::X`, an
//! inline `crate::a::b::f()`, or `b::X` for a child module `b` that A
//! declares. A path counts towards the deepest module it names. Declaring a
//! child (`mod b;`) is containment, not use. The binary (`src/main.rs`) is
//! its own crate and is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `crate::a::b` as ["a", "b"].
type ModPath = Vec<String>;

fn module_of(rel: &Path) -> ModPath {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_owned());
    }
    parts
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(ModPath, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src is readable")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(root).expect("under src");
            if rel == Path::new("main.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            out.push((module_of(rel), code_only(&text)));
        }
    }
}

/// The text with comments, strings and character literals blanked out.
fn code_only(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c[i] == 'r' && matches!(c.get(i + 1), Some('"') | Some('#')) && {
            let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
            c.get(i + 1 + hashes) == Some(&'"')
        } {
            let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            while i < c.len() {
                if c[i] == '"' && c[i + 1..].iter().take_while(|&&h| h == '#').count() >= hashes {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c[i] == '\'' && char_literal_len(&c[i..]).is_some() {
            i += char_literal_len(&c[i..]).unwrap_or(1);
            out.push_str("' '");
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The length of a character literal at the start of `c`, if one is there
/// (and not a lifetime).
fn char_literal_len(c: &[char]) -> Option<usize> {
    match c.get(1)? {
        '\\' => {
            let end = c.iter().skip(2).position(|&x| x == '\'')? + 2;
            (end <= 12).then_some(end + 1)
        }
        _ => (c.get(2) == Some(&'\'')).then_some(3),
    }
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Every `use` tree's leaves, as raw paths (`super::a::B`).
fn use_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i + 4 < bytes.len() {
        let starts =
            bytes[i..].starts_with(&['u', 's', 'e', ' ']) && (i == 0 || !is_ident(bytes[i - 1]));
        if starts {
            let end = bytes[i..]
                .iter()
                .position(|&x| x == ';')
                .map_or(bytes.len(), |p| i + p);
            let tree: String = bytes[i + 4..end].iter().collect();
            // `X as Y` keeps its name X; other white space goes.
            let tree = tree
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" as ", "@")
                .replace(' ', "");
            expand("", &tree, &mut paths);
            i = end;
        } else {
            i += 1;
        }
    }
    paths
}

/// `a::{b, c::{d, e}}` → a::b, a::c::d, a::c::e (with `prefix` before).
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_owned()
        } else if s == "self" {
            p.to_owned()
        } else {
            format!("{p}::{s}")
        }
    };
    match tree.find('{') {
        None => {
            let leaf = tree.split('@').next().unwrap_or(tree);
            out.push(join(prefix, leaf.trim_end_matches("::*")));
        }
        Some(open) => {
            let head = tree[..open].trim_end_matches("::");
            let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
            let mut depth = 0;
            let mut start = 0;
            let prefix = join(prefix, head);
            for (k, ch) in inner.char_indices() {
                match ch {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !inner[start..k].is_empty() {
                            expand(&prefix, &inner[start..k], out);
                        }
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            if !inner[start..].is_empty() {
                expand(&prefix, &inner[start..], out);
            }
        }
    }
}

/// Inline paths: `crate::…`, `super::…`, `self::…` and `child::…`.
fn inline_paths(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if is_ident(chars[i]) && (i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':')) {
            let mut j = i;
            while j < chars.len()
                && (is_ident(chars[j])
                    || (chars[j] == ':' && chars.get(j + 1) == Some(&':'))
                    || (chars[j] == ':' && j > 0 && chars[j - 1] == ':'))
            {
                j += 1;
            }
            let path: String = chars[i..j].iter().collect();
            let first = path.split("::").next().unwrap_or("");
            if path.contains("::")
                && (["crate", "super", "self"].contains(&first) || children.contains(first))
            {
                paths.push(path.trim_end_matches("::").to_owned());
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    paths
}

/// Child modules declared in a file (`mod x;`, `pub mod x;`, `pub(crate) mod x;`).
fn children(code: &str) -> BTreeSet<String> {
    let words: Vec<&str> = code
        .split(|c: char| !(is_ident(c) || c == ';'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .filter(|w| w[0] == "mod" && w[1].ends_with(';'))
        .map(|w| w[1].trim_end_matches(';').to_owned())
        .collect()
}

/// The code outside inline modules, and each inline module's name and body
/// (one level: an inline module's own inline modules stay in its body).
fn split_inline_modules(code: &str) -> (String, Vec<(String, String)>) {
    let chars: Vec<char> = code.chars().collect();
    let mut outer = String::new();
    let mut inline = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let at_word = i == 0 || !is_ident(chars[i - 1]);
        if at_word && chars[i..].starts_with(&['m', 'o', 'd', ' ']) {
            let mut j = i + 4;
            let name_start = j;
            while j < chars.len() && is_ident(chars[j]) {
                j += 1;
            }
            let name: String = chars[name_start..j].iter().collect();
            let mut k = j;
            while k < chars.len() && chars[k].is_whitespace() {
                k += 1;
            }
            if !name.is_empty() && chars.get(k) == Some(&'{') {
                let mut depth = 0;
                let mut end = k;
                for (n, &ch) in chars.iter().enumerate().skip(k) {
                    match ch {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = n;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                inline.push((name, chars[k + 1..end].iter().collect()));
                i = end + 1;
                continue;
            }
        }
        outer.push(chars[i]);
        i += 1;
    }
    (outer, inline)
}

/// The module a raw path from `from` lands in, among `modules`.
fn resolve(
    from: &ModPath,
    raw: &str,
    children: &BTreeSet<String>,
    modules: &BTreeSet<ModPath>,
) -> Option<ModPath> {
    let mut segs = raw.split("::").filter(|s| !s.is_empty()).peekable();
    let mut base: ModPath = match *segs.peek()? {
        "crate" => {
            segs.next();
            Vec::new()
        }
        "self" => {
            segs.next();
            from.clone()
        }
        "super" => from.clone(),
        first if children.contains(first) => from.clone(),
        _ => return None,
    };
    while segs.peek() == Some(&"super") {
        segs.next();
        base.pop()?;
    }
    let mut deepest = base.clone();
    for s in segs {
        base.push(s.to_owned());
        if modules.contains(&base) {
            deepest = base.clone();
        } else {
            break;
        }
    }
    Some(deepest)
}

/// The strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct State<'g> {
        graph: &'g BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<&'g ModPath, usize>,
        low: BTreeMap<&'g ModPath, usize>,
        stack: Vec<&'g ModPath>,
        on_stack: BTreeSet<&'g ModPath>,
        next: usize,
        found: Vec<Vec<ModPath>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g ModPath) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let Some((w, _)) = s.graph.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

/// The `uses` graph of the files under `src`.
fn module_graph(src: &Path) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
    let mut files = Vec::new();
    collect(src, src, &mut files);
    let modules: BTreeSet<ModPath> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &files {
        let mut uses = BTreeSet::new();
        // The file, then each inline module in it (`mod tests { … }`), whose
        // `super` is the file.
        let (outer, inline) = split_inline_modules(code);
        let parts = std::iter::once((module.clone(), outer)).chain(inline.into_iter().map(
            |(name, body)| {
                let mut m = module.clone();
                m.push(name);
                (m, body)
            },
        ));
        for (from, code) in parts {
            let kids = children(&code);
            for raw in use_paths(&code).iter().chain(&inline_paths(&code, &kids)) {
                if let Some(target) = resolve(&from, raw, &kids, &modules)
                    && &target != module
                    && target != from
                    && !target.is_empty()
                {
                    uses.insert(target);
                }
            }
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

fn name(m: &ModPath) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        format!("crate::{}", m.join("::"))
    }
}

#[test]
fn src_has_no_module_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let graph = module_graph(&src);
    assert!(graph.len() > 40, "only {} modules read", graph.len());
    let found = cycles(&graph);
    let text: Vec<String> = found
        .iter()
        .map(|c| {
            let mut names: Vec<String> = c.iter().map(name).collect();
            names.sort();
            names.join(" <-> ")
        })
        .collect();
    if std::env::var_os("MODULE_GRAPH_EDGES").is_some() {
        for c in &found {
            for m in c {
                for t in &graph[m] {
                    if c.contains(t) {
                        eprintln!("{} -> {}", name(m), name(t));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "module cycles (MODULE_GRAPH_EDGES=1 lists their edges):\n{}",
        text.join("\n")
    );
}

/// The checker itself finds what it must: a made-up tree with a cycle
/// through a `use` group, an inline `crate::` path and `super::`.
#[test]
fn the_checker_finds_cycles_and_ignores_comments_and_strings() {
    let dir = std::env::temp_dir().join(format!("module-graph-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).expect("temp dir");
    let write = |p: &str, t: &str| std::fs::write(dir.join(p), t).expect("write");
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\n");
    write("a/mod.rs", "pub mod x;\nuse x::Thing;\n");
    write("a/x.rs", "pub fn f() { crate::b::g(); }\n");
    write(
        "b.rs",
        "use crate::{c::{self, H}};\n// crate::a::x::f\nconst S: &str = \"crate::a\";\n",
    );
    write(
        "c.rs",
        "pub fn h() { let _ = '\"'; super::a::x::f(); }\nmod tests { use super::*; }\n",
    );
    let graph = module_graph(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let a = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<ModPath>();
    assert!(graph[&a(&["a"])].contains(&a(&["a", "x"])));
    assert!(graph[&a(&["b"])].contains(&a(&["c"])));
    assert!(
        !graph[&a(&["b"])].contains(&a(&["a"])),
        "comment or string read"
    );
    assert!(!graph[&a(&["b"])].contains(&a(&["a", "x"])), "comment read");
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    let cycle: BTreeSet<ModPath> = found[0].iter().cloned().collect();
    assert_eq!(
        cycle,
        [a(&["a", "x"]), a(&["b"]), a(&["c"])].into_iter().collect()
    );
}
