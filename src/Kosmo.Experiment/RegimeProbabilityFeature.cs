using Kosmo.Core;
using Kosmo.Features.MarketContext;
using Kosmo.Features.Regimes;

namespace Kosmo.Experiment;

/// <summary>
/// The probability columns of a fitted <see cref="RegimeModel"/> as a market feature: regime_p0..regime_p{S−1}
/// (causal forward-filtered P(state | market data up to t)). The categorical regime_state column is left out: a
/// state id is not a quantity, and the probabilities carry the same information.
/// </summary>
internal sealed class RegimeProbabilityFeature(RegimeModel model) : IMarketFeature
{
    /// <summary>The fitted model.</summary>
    public RegimeModel Model { get; } = model;

    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = [.. model.Names.Take(model.Hmm.StateCount)];

    /// <summary>Writes the S probability columns (S × T, column-major) into <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">output shorter than S × T.</exception>
    public void Compute(Panel panel, Span<float> output)
    {
        var T = panel.DateCount;
        var s = Names.Count;
        if (output.Length < s * T)
        {
            throw new ArgumentException($"Output holds {output.Length} values; {s * T} are needed.", nameof(output));
        }

        // RegimeModel writes probabilities then the argmax state; keep the first S columns.
        var all = Model.Compute(panel);
        all.AsSpan(0, s * T).CopyTo(output);
    }
}
