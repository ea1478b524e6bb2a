using Kosmo.Core;

namespace Kosmo.Backtest.Strategies;

/// <summary>
/// Classic 12-1 momentum: return from t−252 to t−21 on adjusted closes; equal weights on the top
/// <paramref name="Fraction"/> (0.10 = decile) of eligible codes with both prices. Run it with
/// RebalanceEvery = 21 for the monthly benchmark. Reads no signals.
/// </summary>
public sealed record MomentumStrategy(double Fraction = 0.10, int Lookback = 252, int Skip = 21, string Name = "momentum_12_1") : IStrategy
{
    /// <inheritdoc />
    public bool NeedsSignals => false;

    /// <inheritdoc />
    public void Targets(StrategyContext context, double[] weights)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(weights);
        var t = context.T;
        if (t < Lookback) { return; }
        var adj = context.Panel.Field(PanelField.AdjClose);
        var T = context.Panel.DateCount;
        var scores = new double[weights.Length];
        var count = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var a = adj[(i * T) + t - Lookback];
            var b = adj[(i * T) + t - Skip];
            scores[i] = a > 0 && b > 0 && context.Eligible(i) ? (b / a) - 1 : double.NaN;
            if (double.IsFinite(scores[i])) { count++; }
        }

        var k = (int)Math.Floor(count * Fraction);
        if (k == 0) { return; }
        foreach (var i in TopSelector.Top(scores, k, _ => true)) { weights[i] = 1.0 / k; }
    }
}
