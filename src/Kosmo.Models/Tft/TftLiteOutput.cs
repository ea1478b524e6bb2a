using Kosmo.Tensors;

namespace Kosmo.Models.Tft;

/// <summary>
/// Result of one <see cref="TftLite.Forward(Tensor, int[], Tensor, Random?, bool)"/> call (tensors valid until the
/// enclosing <see cref="TensorArena"/> scope closes).
/// </summary>
/// <param name="Logits">(B, C).</param>
/// <param name="Attention">(B, L, L), heads averaged, causal.</param>
/// <param name="TemporalWeights">(B, L, K) temporal variable-selection weights.</param>
/// <param name="StaticWeights">(B, S + R) static variable-selection weights.</param>
/// <param name="Intermediates">When requested: static_inputs (B, S+R, D) as (S+R, B, D) variable-major,
/// static_context, c_sel, c_enr, c_h, c_c (B, D); temporal_inputs (K, B·L, D) variable-major; vsn_out, lstm_out, phi,
/// theta, attn_out, delta, ff_out, psi (B, L, D). Empty otherwise.</param>
public sealed record TftLiteOutput(
    Tensor Logits,
    Tensor Attention,
    Tensor TemporalWeights,
    Tensor StaticWeights,
    IReadOnlyDictionary<string, Tensor> Intermediates);
