//! What the Safety section asked for (the panel, a shot script): plain
//! data, read by the safety feature, the renderer's marks, the panels and
//! the recorder.

use bevy::prelude::Resource;

/// What the Safety section shows on the globe.
#[derive(Resource, Debug, Clone, PartialEq)]
pub struct SafetySettings {
    /// The events drawn as markers at their TCA positions.
    pub markers: bool,
    /// The event chosen in the list (rank, 0 the closest).
    pub chosen: Option<usize>,
}

impl Default for SafetySettings {
    fn default() -> Self {
        Self {
            markers: true,
            chosen: None,
        }
    }
}
