//! Shared UI pieces: the page layout with its navigation, form fields that show their own
//! error, error banners and list paging.

pub mod bars;
pub mod chart;
pub mod disclosure;
pub mod form;
pub mod layout;
pub mod list;
pub mod live;
pub mod search_pick;
pub mod signature;
pub mod status;
