//! Training of nayose's linking policy: the self-supervised episodes the
//! policy learns from are built from the company table itself, and
//! [`noise`] turns a company row into the client record a user would have
//! typed for it.

pub mod noise;
