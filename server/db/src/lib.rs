//! Reroute's data layer: the schema (as sea-orm migrations), one entity per table, and
//! the connection setup shared by every command that touches the database.
//!
//! SQLite is the embedded default; PostgreSQL is selected by a `postgres://` URL. Both run
//! the same migrations and the same queries.

pub mod connect;
pub mod entity;
pub mod migration;
pub mod queries;

pub use connect::{ConnectError, Database, sqlite_url_for_data_dir};
pub use migration::Migrator;
pub use sea_orm;
