using Kosmo.Core;
using Kosmo.Features.MarketContext;
using Kosmo.Features.Normalization;

namespace Kosmo.Features.Regimes;

/// <summary>
/// The <see cref="IMarketFeature"/> face of a fitted <see cref="RegimeModel"/>: columns regime_p0..regime_p{S−1}
/// and regime_state, causal (forward filter only). Build one per walk-forward fold with <see cref="FitOn"/>, so
/// the parameters come from that fold's training window only.
/// </summary>
public sealed class RegimeFeature : IMarketFeature
{
    /// <summary>Wraps a fitted model.</summary>
    public RegimeFeature(RegimeModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The fitted model.</summary>
    public RegimeModel Model { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Names => Model.Names;

    /// <summary>Fits a regime model on <paramref name="train"/> and wraps it.</summary>
    /// <exception cref="ArgumentException">See <see cref="RegimeModel.Fit(Panel, DateWindow, RegimeModelOptions?)"/>.</exception>
    public static RegimeFeature FitOn(Panel panel, DateWindow train, RegimeModelOptions? options = null) =>
        new(RegimeModel.Fit(panel, train, options));

    /// <inheritdoc />
    public void Compute(Panel panel, Span<float> output) => Model.Compute(panel, output);
}
