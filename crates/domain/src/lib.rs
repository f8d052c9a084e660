//! Pure domain rules of innocity (创新型城市建设监测评价平台).
//!
//! Nothing here does IO: the storage and web layers call these functions and types, and the
//! unit tests exercise them without a database.

pub mod alias;
pub mod demo;
pub mod indicator;
#[macro_use]
pub mod msg;
pub mod password;
pub mod region;
pub mod role;
pub mod status;

pub use alias::org_key;
pub use indicator::{builtin_indicators, Aggregation, Direction, IndicatorDef};
pub use msg::{Lang, Msg};
pub use region::RegionLevel;
pub use role::Role;
pub use status::{ParticipantStatus, TransitionError};
