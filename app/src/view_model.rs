//! The data each page is rendered from. The server builds these (after authorising the
//! request) and provides them as context; pages only display them.

/// A problem with one form field, shown in the error summary and beside the field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The `id` of the field to link to.
    pub field_id: String,
    pub message: String,
}

/// A support line from `site.toml`, for "Need help now?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportLine {
    pub name: String,
    pub phone: Option<String>,
    pub text: Option<String>,
}

/// Display preferences, remembered in a cookie so they work without JavaScript.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Preferences {
    /// 0 (standard), 1 (large) or 2 (largest).
    pub text_size: u8,
    pub high_contrast: bool,
    pub dyslexia_friendly: bool,
}

impl Preferences {
    /// Classes for `<body>`.
    pub fn body_class(&self) -> String {
        let mut classes = vec![match self.text_size {
            0 => "text-standard",
            1 => "text-large",
            _ => "text-largest",
        }];
        if self.high_contrast {
            classes.push("high-contrast");
        }
        if self.dyslexia_friendly {
            classes.push("dyslexia-friendly");
        }
        classes.join(" ")
    }

    /// The cookie value: three digits.
    pub fn to_cookie(self) -> String {
        format!(
            "{}{}{}",
            self.text_size.min(2),
            u8::from(self.high_contrast),
            u8::from(self.dyslexia_friendly)
        )
    }

    /// Reads the cookie value; anything malformed gives the defaults.
    pub fn from_cookie(value: &str) -> Self {
        let digits: Vec<u8> = value.bytes().map(|b| b.wrapping_sub(b'0')).collect();
        match digits.as_slice() {
            [size @ 0..=2, contrast @ 0..=1, font @ 0..=1] => Self {
                text_size: *size,
                high_contrast: *contrast == 1,
                dyslexia_friendly: *font == 1,
            },
            _ => Self::default(),
        }
    }
}

/// What every page needs: who is signed in, display preferences and support lines.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub organisation: String,
    pub support: Vec<SupportLine>,
    pub preferences: Preferences,
    /// The participant is signed in (shows "Sign out").
    pub signed_in: bool,
    /// The path of this page, for "Display options" to return to.
    pub path: String,
    /// The member of staff signed in, on the staff console's pages.
    pub staff: Option<crate::staff::view_model::StaffIdentity>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_through_the_cookie() {
        let prefs = Preferences {
            text_size: 2,
            high_contrast: true,
            dyslexia_friendly: false,
        };
        assert_eq!(prefs.to_cookie(), "210");
        assert_eq!(Preferences::from_cookie("210"), prefs);
        assert_eq!(prefs.body_class(), "text-largest high-contrast");
    }

    #[test]
    fn malformed_preference_cookies_give_the_defaults() {
        for bad in ["", "9", "300", "1234", "abc"] {
            assert_eq!(Preferences::from_cookie(bad), Preferences::default());
        }
    }
}
