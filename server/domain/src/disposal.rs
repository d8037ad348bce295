//! The out-of-court disposal a course is a condition of, and its default deadline.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposal {
    CommunityResolution,
    ConditionalCaution,
    YouthConditionalCaution,
    DiversionaryCaution,
    CommunityCaution,
    Other,
}

impl Disposal {
    pub const ALL: [Self; 6] = [
        Self::CommunityResolution,
        Self::ConditionalCaution,
        Self::YouthConditionalCaution,
        Self::DiversionaryCaution,
        Self::CommunityCaution,
        Self::Other,
    ];

    /// The value stored in the database and sent by forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommunityResolution => "community-resolution",
            Self::ConditionalCaution => "conditional-caution",
            Self::YouthConditionalCaution => "youth-conditional-caution",
            Self::DiversionaryCaution => "diversionary-caution",
            Self::CommunityCaution => "community-caution",
            Self::Other => "other",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::CommunityResolution => "Community resolution",
            Self::ConditionalCaution => "Conditional caution",
            Self::YouthConditionalCaution => "Youth conditional caution",
            Self::DiversionaryCaution => "Diversionary caution",
            Self::CommunityCaution => "Community caution",
            Self::Other => "Other",
        }
    }

    /// Days from assigning to the deadline unless the force's admin sets otherwise.
    /// Cautions carry statutory conditions, usually given longer to complete.
    pub fn default_days(self) -> u32 {
        match self {
            Self::ConditionalCaution
            | Self::YouthConditionalCaution
            | Self::DiversionaryCaution => 56,
            Self::CommunityResolution | Self::CommunityCaution | Self::Other => 28,
        }
    }
}

/// What the caseworker decided once the course was over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Complied,
    ReferredForProsecution,
    ReferredToFaceToFace,
}

impl Outcome {
    pub const ALL: [Self; 3] = [
        Self::Complied,
        Self::ReferredForProsecution,
        Self::ReferredToFaceToFace,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Complied => "complied",
            Self::ReferredForProsecution => "referred-for-prosecution",
            Self::ReferredToFaceToFace => "referred-to-face-to-face",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Complied => "Complied",
            Self::ReferredForProsecution => "Not complied: referred for prosecution",
            Self::ReferredToFaceToFace => "Referred to a face-to-face intervention",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_round_trip() {
        for disposal in Disposal::ALL {
            assert_eq!(Disposal::parse(disposal.as_str()), Some(disposal));
        }
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(Disposal::parse("caution"), None);
        assert_eq!(Outcome::parse(""), None);
    }

    #[test]
    fn cautions_default_to_longer_deadlines_than_community_resolutions() {
        assert!(
            Disposal::ConditionalCaution.default_days()
                > Disposal::CommunityResolution.default_days()
        );
    }
}
