//! Training of nayose's linking policy: episodes drawn from the company table,
//! the policy network and its training, the decision rule and the evaluation report.
//!
//! - [`noise`]: the training noise model (a company row → the client record
//!   a user would have typed for it);
//! - [`episodes`]: the environment (episodes generated from the company
//!   table, the reward);
//! - [`model`] and [`trainer`]: the burn network and its training loops
//!   (REINFORCE with a learned baseline, and cross-entropy for comparison);
//! - [`calibrate`] and [`rule`]: the decision rule (calibration, thresholds)
//!   and the rule baseline;
//! - [`evaluate`] and [`report`]: evaluation on a development set, metrics,
//!   charts and the report;
//! - [`pipeline`]: a whole run; [`sagemaker`]: SageMaker's training layout.

pub mod calibrate;
pub mod episodes;
pub mod evaluate;
pub mod model;
pub mod noise;
pub mod pipeline;
pub mod report;
pub mod rule;
pub mod sagemaker;
pub mod trainer;
