//! The info string of an interactive block: a kind, then `key=value`
//! attributes. A value with spaces is written in double quotes; it cannot
//! itself contain a double quote (there are no escapes). The text is read as
//! written in the file, without Markdown's backslash or entity processing.

/// A `key=value` attribute, with the offsets (from the start of the info
/// string) of its key and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attribute<'a> {
    pub(crate) key: &'a str,
    pub(crate) key_at: usize,
    pub(crate) value: &'a str,
    pub(crate) value_at: usize,
}

/// A syntax problem at an offset in the info string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxProblem {
    pub(crate) at: usize,
    pub(crate) message: String,
}

/// A parsed info string. Attributes with syntax problems are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct InfoString<'a> {
    pub(crate) kind: &'a str,
    pub(crate) kind_at: usize,
    pub(crate) attributes: Vec<Attribute<'a>>,
    pub(crate) problems: Vec<SyntaxProblem>,
}

fn is_space(byte: u8) -> bool {
    byte == b' ' || byte == b'\t'
}

pub(crate) fn parse_info_string(info: &str) -> InfoString<'_> {
    let mut parser = Parser { info, at: 0 };
    parser.skip_spaces();
    let kind_at = parser.at;
    let kind = parser.take_until(is_space);
    let mut parsed = InfoString {
        kind,
        kind_at,
        ..InfoString::default()
    };
    loop {
        parser.skip_spaces();
        if parser.at >= info.len() {
            break;
        }
        // After a problem the parser has moved past the bad attribute (to
        // the end of the string for an unterminated quote), so go on.
        match parser.attribute() {
            Ok(attribute) => parsed.attributes.push(attribute),
            Err(problem) => parsed.problems.push(problem),
        }
    }
    parsed
}

struct Parser<'a> {
    info: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn skip_spaces(&mut self) {
        self.take_until(|b| !is_space(b));
    }

    /// Takes bytes up to (not including) the first that matches `stop`. Every
    /// stop byte is ASCII, so the split is always on a character boundary.
    fn take_until(&mut self, stop: impl Fn(u8) -> bool) -> &'a str {
        let start = self.at;
        let length = self.info.as_bytes()[start..]
            .iter()
            .position(|&b| stop(b))
            .unwrap_or(self.info.len() - start);
        self.at = start + length;
        &self.info[start..self.at]
    }

    fn peek(&self) -> Option<u8> {
        self.info.as_bytes().get(self.at).copied()
    }

    /// One `key=value`.
    fn attribute(&mut self) -> Result<Attribute<'a>, SyntaxProblem> {
        let key_at = self.at;
        let key = self.take_until(|b| b == b'=' || is_space(b));
        if self.peek() != Some(b'=') {
            return Err(SyntaxProblem {
                at: key_at,
                message: format!("attribute `{key}` has no value: write it as {key}=value"),
            });
        }
        self.at += 1;
        let (value, value_at) = if self.peek() == Some(b'"') {
            self.quoted_value(key)?
        } else {
            let value_at = self.at;
            let value = self.take_until(is_space);
            if value.contains('"') {
                return Err(SyntaxProblem {
                    at: value_at,
                    message: format!(
                        "the value of `{key}` has a quote inside it: put the whole value in double quotes, like {key}=\"Not at all\""
                    ),
                });
            }
            (value, value_at)
        };
        if key.is_empty() {
            return Err(SyntaxProblem {
                at: key_at,
                message: "`=` has no attribute name before it: write key=value".into(),
            });
        }
        if value.is_empty() {
            return Err(SyntaxProblem {
                at: value_at,
                message: format!("attribute `{key}` has an empty value: write a value after `=`"),
            });
        }
        Ok(Attribute {
            key,
            key_at,
            value,
            value_at,
        })
    }

    fn quoted_value(&mut self, key: &str) -> Result<(&'a str, usize), SyntaxProblem> {
        let quote_at = self.at;
        self.at += 1;
        let value_at = self.at;
        let value = self.take_until(|b| b == b'"');
        if self.peek() != Some(b'"') {
            return Err(SyntaxProblem {
                at: quote_at,
                message: format!("unterminated quote in the value of `{key}`: add the closing \""),
            });
        }
        self.at += 1;
        if self.peek().is_some_and(|b| !is_space(b)) {
            let after = self.at;
            self.take_until(is_space);
            return Err(SyntaxProblem {
                at: after,
                message: format!("the quoted value of `{key}` must be followed by a space"),
            });
        }
        Ok((value, value_at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_kind_and_plain_and_quoted_attributes_with_offsets() {
        let info = parse_info_string(r#"scale id=confidence-start min=1 low="Not at all""#);
        assert_eq!(info.kind, "scale");
        assert_eq!(info.problems, vec![]);
        let pairs: Vec<_> = info
            .attributes
            .iter()
            .map(|a| (a.key, a.key_at, a.value, a.value_at))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("id", 6, "confidence-start", 9),
                ("min", 26, "1", 30),
                ("low", 32, "Not at all", 37),
            ]
        );
    }

    #[test]
    fn reports_an_unterminated_quote_at_the_quote() {
        let info = parse_info_string(r#"scale id=a low="Not at all"#);
        assert_eq!(info.attributes.len(), 1);
        assert_eq!(
            info.problems,
            vec![SyntaxProblem {
                at: 15,
                message: "unterminated quote in the value of `low`: add the closing \"".into()
            }]
        );
    }

    #[test]
    fn reports_each_malformed_attribute_and_keeps_going() {
        let info = parse_info_string(r#"quiz who =x id= low="a"b high=x"y id=ok"#);
        let at: Vec<usize> = info.problems.iter().map(|p| p.at).collect();
        assert_eq!(at, vec![5, 9, 15, 23, 30]);
        assert!(info.problems[0].message.contains("`who` has no value"));
        assert!(info.problems[1].message.contains("no attribute name"));
        assert!(info.problems[2].message.contains("`id` has an empty value"));
        assert!(
            info.problems[3]
                .message
                .contains("must be followed by a space")
        );
        assert!(info.problems[4].message.contains("has a quote inside it"));
        assert_eq!(info.attributes.len(), 1);
        assert_eq!(info.attributes[0].value, "ok");
    }

    #[test]
    fn handles_leading_spaces_and_a_bare_kind() {
        let info = parse_info_string("  reflect\t");
        assert_eq!((info.kind, info.kind_at), ("reflect", 2));
        assert!(info.attributes.is_empty() && info.problems.is_empty());
        assert_eq!(parse_info_string("").kind, "");
    }
}
