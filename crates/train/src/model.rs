//! The policy network in burn, for training: the same architecture as the
//! library's ndarray forward (`nayose::policy::network`), plus a value head
//! (the learned baseline) that only training uses and that is not exported.
//!
//! The action logits are laid out `[no match, review, candidate 0, …]`
//! ([`NO_MATCH`], [`REVIEW`], [`FIRST_CANDIDATE`]).
//!
//! Inputs come as a padded batch: features `[B, K, F]` and a mask `[B, K]`
//! (1 for a real candidate, 0 for padding). Padded candidates get a logit of
//! −1e9 and do not enter the pooled set context, so a padded batch gives the
//! same logits as the unpadded library forward.

use burn::module::{Module, Param};
use burn::nn::Linear;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor, TensorData};
use nayose::policy::{PolicyWeights, REVIEW_EXTRA_INPUTS};
use ndarray::{Array1, Array2};

use crate::noise::NoiseRng;

/// Logit given to padded candidate slots.
pub const PAD_LOGIT: f32 = -1.0e9;

/// Review's initial logit margin under the best candidate's.
const INITIAL_REVIEW_MARGIN: f32 = -2.0;

/// Position of "no match" among the action logits.
pub const NO_MATCH: usize = 0;
/// Position of "review" among the action logits.
pub const REVIEW: usize = 1;
/// Position of the first candidate among the action logits.
pub const FIRST_CANDIDATE: usize = 2;

/// The policy network (per-candidate MLP, set-pooled no-match head, and the
/// value head used as REINFORCE's baseline).
#[derive(Module, Debug)]
pub struct PolicyNet {
    /// First layer, `F → H`.
    layer1: Linear,
    /// Second layer, `H → H`.
    layer2: Linear,
    /// Candidate score, `H → 1`.
    score: Linear,
    /// No-match score over `[mean; max]` of the hidden states, `2H → 1`.
    no_match: Linear,
    /// Review score over `[mean; max; t; g]`, `2H + 2 → 1` (see
    /// `nayose::policy::network`).
    review: Linear,
    /// State value over the same pooled context, `2H → 1` (training only).
    value: Linear,
}

/// The network's outputs for a batch.
#[derive(Debug, Clone)]
pub struct NetOutput {
    /// `[B, K + 2]`: "no match", "review", then the candidates.
    pub logits: Tensor<2>,
    /// `[B]`: the value head's estimate of the expected reward.
    pub value: Tensor<1>,
}

fn linear(
    weight: Vec<f32>,
    d_input: usize,
    d_output: usize,
    bias: Vec<f32>,
    device: &Device,
) -> Linear {
    Linear {
        weight: Param::from_tensor(Tensor::from_data(
            TensorData::new(weight, [d_input, d_output]),
            device,
        )),
        bias: Some(Param::from_tensor(Tensor::from_data(
            TensorData::new(bias, [d_output]),
            device,
        ))),
    }
}

/// `matrix` (`out × in`, the library's layout) as burn's `in × out` data.
fn transposed(matrix: &Array2<f32>) -> Vec<f32> {
    matrix.t().iter().copied().collect()
}

/// Uniform(−k, k) values with k = sqrt(1 / fan_in) (the usual default).
fn uniform(rng: &mut NoiseRng, n: usize, fan_in: usize) -> Vec<f32> {
    let k = (1.0 / fan_in.max(1) as f64).sqrt();
    (0..n)
        .map(|_| ((rng.unit() * 2.0 - 1.0) * k) as f32)
        .collect()
}

impl PolicyNet {
    /// A freshly initialised network (deterministic for `rng`'s seed).
    pub fn init(features: usize, hidden: usize, rng: &mut NoiseRng, device: &Device) -> Self {
        let mut w = PolicyWeights::zeros(features, hidden);
        w.w1 = Array2::from_shape_vec(
            (hidden, features),
            uniform(rng, hidden * features, features),
        )
        .unwrap_or_else(|_| Array2::zeros((hidden, features)));
        w.b1 = Array1::from(uniform(rng, hidden, features));
        w.w2 = Array2::from_shape_vec((hidden, hidden), uniform(rng, hidden * hidden, hidden))
            .unwrap_or_else(|_| Array2::zeros((hidden, hidden)));
        w.b2 = Array1::from(uniform(rng, hidden, hidden));
        w.w_score = Array1::from(uniform(rng, hidden, hidden));
        w.w_none = Array1::from(uniform(rng, 2 * hidden, 2 * hidden));
        // Review starts a little less likely than the best candidate on
        // every query, so REINFORCE tries it often enough to learn where it
        // pays. Its weights start at zero, so that margin is the same on
        // every query whatever the seed: the imitation warm start does not
        // train the review head but grows the pooled hidden states it reads.
        // (Alone this did not make seed 1 learn to review; the curriculum's
        // review price did, see `trainer::curriculum`.)
        w.w_review = Array1::zeros(2 * hidden + REVIEW_EXTRA_INPUTS);
        w.b_review = INITIAL_REVIEW_MARGIN;
        let value = uniform(rng, 2 * hidden, 2 * hidden);
        Self::from_weights(&w, value, device)
    }

    /// A network holding `weights` (and `value_weights`, `2H` values, for
    /// the value head).
    pub fn from_weights(weights: &PolicyWeights, value_weights: Vec<f32>, device: &Device) -> Self {
        let (f, h) = (weights.features(), weights.hidden());
        Self {
            layer1: linear(transposed(&weights.w1), f, h, weights.b1.to_vec(), device),
            layer2: linear(transposed(&weights.w2), h, h, weights.b2.to_vec(), device),
            score: linear(
                weights.w_score.to_vec(),
                h,
                1,
                vec![weights.b_score],
                device,
            ),
            no_match: linear(
                weights.w_none.to_vec(),
                2 * h,
                1,
                vec![weights.b_none],
                device,
            ),
            review: linear(
                weights.w_review.to_vec(),
                2 * h + REVIEW_EXTRA_INPUTS,
                1,
                vec![weights.b_review],
                device,
            ),
            value: linear(value_weights, 2 * h, 1, vec![0.0], device),
        }
    }

    /// Forward pass over a padded batch.
    pub fn forward(&self, features: Tensor<3>, mask: Tensor<2>) -> NetOutput {
        let [batch, k, _] = features.dims();
        let h1 = relu(self.layer1.forward(features));
        let h2 = relu(self.layer2.forward(h1));
        let hidden = h2.dims()[2];
        // Hidden states are ≥ 0 after the ReLU, so zeroing the padding keeps
        // the max over real candidates (or 0 when there are none).
        let masked = h2.clone() * mask.clone().unsqueeze_dim::<3>(2);
        let count = mask.clone().sum_dim(1).clamp_min(1.0); // [B, 1]
        let mean = masked.clone().sum_dim(1).reshape([batch, hidden]) / count;
        let max = masked.max_dim(1).reshape([batch, hidden]);
        let context = Tensor::cat(vec![mean, max], 1); // [B, 2H]
        let none = self.no_match.forward(context.clone()); // [B, 1]
        let scores = self.score.forward(h2).reshape([batch, k]);
        let scores = scores + (mask - 1.0) * (-PAD_LOGIT);
        // t = logsumexp(s) − max(s), g = max(s) − s_0; detached, so the
        // review head learns to read them without reshaping the others.
        let best = scores.clone().detach().max_dim(1); // [B, 1]
        let spread = (scores.clone().detach() - best.clone())
            .exp()
            .sum_dim(1)
            .log();
        let gap = best.clone() - none.clone().detach();
        let review_input = Tensor::cat(vec![context.clone(), spread, gap], 1);
        // The head gives review's margin over the best candidate.
        let review = self.review.forward(review_input) + best; // [B, 1]
        let logits = Tensor::cat(vec![none, review, scores], 1);
        let value = self.value.forward(context).reshape([batch]);
        NetOutput { logits, value }
    }

    /// The policy part of the network as the library's weights. Fails when
    /// a tensor cannot be read back or has the wrong size, rather than
    /// exporting zeros.
    pub fn export(&self) -> Result<PolicyWeights, ExportError> {
        let bias = |tensor: &'static str, layer: &Linear| match &layer.bias {
            Some(b) => read_tensor(tensor, b.val().into_data()),
            None => Err(ExportError::Missing { tensor }),
        };
        let scalar = |tensor: &'static str, layer: &Linear| {
            bias(tensor, layer)?
                .first()
                .copied()
                .ok_or(ExportError::Missing { tensor })
        };
        let [f, h] = self.layer1.weight.val().dims();
        let matrix = |tensor: &'static str, layer: &Linear, rows: usize, cols: usize| {
            library_matrix(tensor, layer.weight.val().into_data(), rows, cols)
        };
        let weights = PolicyWeights {
            w1: matrix("w1", &self.layer1, h, f)?,
            b1: Array1::from(bias("b1", &self.layer1)?),
            w2: matrix("w2", &self.layer2, h, h)?,
            b2: Array1::from(bias("b2", &self.layer2)?),
            w_score: Array1::from(read_tensor("w_score", self.score.weight.val().into_data())?),
            b_score: scalar("b_score", &self.score)?,
            w_none: Array1::from(read_tensor(
                "w_none",
                self.no_match.weight.val().into_data(),
            )?),
            b_none: scalar("b_none", &self.no_match)?,
            w_review: Array1::from(read_tensor(
                "w_review",
                self.review.weight.val().into_data(),
            )?),
            b_review: scalar("b_review", &self.review)?,
        };
        weights.check()?;
        Ok(weights)
    }
}

/// The `f32` values of a trained tensor, or an error naming it.
fn read_tensor(tensor: &'static str, data: TensorData) -> Result<Vec<f32>, ExportError> {
    data.try_to_vec::<f32>()
        .map_err(|cause| ExportError::Unreadable {
            tensor,
            cause: format!("{cause:?}"),
        })
}

/// A burn weight (stored `in × out`, `cols × rows`) as the library's
/// `rows × cols` matrix; the wrong number of values is an error naming the
/// tensor.
fn library_matrix(
    tensor: &'static str,
    data: TensorData,
    rows: usize,
    cols: usize,
) -> Result<Array2<f32>, ExportError> {
    let values = read_tensor(tensor, data)?;
    Array2::from_shape_vec((cols, rows), values)
        .map(|m| m.t().to_owned())
        .map_err(|_| ExportError::Missing { tensor })
}

/// Why the trained network could not be exported as the library's weights.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A tensor's values could not be read back from the device.
    #[error("cannot read the trained tensor `{tensor}`: {cause}")]
    Unreadable {
        /// The tensor.
        tensor: &'static str,
        /// What burn reported.
        cause: String,
    },
    /// A tensor is missing or has the wrong number of values.
    #[error("the trained tensor `{tensor}` is missing or has the wrong size")]
    Missing {
        /// The tensor.
        tensor: &'static str,
    },
    /// The exported weights do not fit together.
    #[error(transparent)]
    Shape(#[from] nayose::policy::ShapeError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tensor_that_cannot_be_read_as_f32_is_an_error_naming_it() {
        let integers = TensorData::new(vec![1i32, 2, 3, 4], [2, 2]);
        let error = library_matrix("w2", integers, 2, 2).expect_err("i32 is not f32");
        assert!(
            matches!(error, ExportError::Unreadable { tensor: "w2", .. }),
            "{error:?}"
        );
        assert!(
            error
                .to_string()
                .starts_with("cannot read the trained tensor `w2`")
        );
    }

    #[test]
    fn a_tensor_of_the_wrong_size_is_an_error_not_zeros() {
        let short = TensorData::new(vec![1.0f32, 2.0, 3.0], [3]);
        let error = library_matrix("w1", short, 2, 2).expect_err("3 values for 2 × 2");
        assert!(
            matches!(error, ExportError::Missing { tensor: "w1" }),
            "{error:?}"
        );
        // The right size is transposed into the library's layout.
        let data = TensorData::new(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], [3, 2]);
        let m = library_matrix("w1", data, 2, 3).expect("2 × 3");
        assert_eq!(m.row(0).to_vec(), [1.0, 3.0, 5.0]);
        assert_eq!(m.row(1).to_vec(), [2.0, 4.0, 6.0]);
    }
}
